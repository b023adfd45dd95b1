"""Whitespace compaction keeps what the browser shows and every preformatted or script text."""

from __future__ import annotations

from handbook.site.compact import compact_html


def test_indentation_runs_become_one_line_break():
    page = "<ul>\n      <li>\n        <a href='x'>Tekst</a>\n      </li>\n    </ul>"
    assert compact_html(page) == "<ul>\n<li>\n<a href='x'>Tekst</a>\n</li>\n</ul>"


def test_spaces_without_a_line_break_are_kept():
    assert compact_html("<p>tlf.  <a>72 36</a> eller <b>x</b></p>") == "<p>tlf.  <a>72 36</a> eller <b>x</b></p>"


def test_pre_textarea_script_and_style_are_untouched():
    page = ("<div>\n  <pre>  a\n\n    b</pre>\n  <textarea>\n  x\n</textarea>\n"
            "<script>var a = 1\n\n   var b = 2</script>\n   <STYLE>\n  p { }\n</STYLE>\n</div>")
    assert compact_html(page) == ("<div>\n<pre>  a\n\n    b</pre>\n<textarea>\n  x\n</textarea>\n"
                                  "<script>var a = 1\n\n   var b = 2</script>\n<STYLE>\n  p { }\n</STYLE>\n</div>")


def test_compacting_twice_changes_nothing_more():
    page = "<nav>\n\n   <a>x</a>   \n\t<pre> y\n </pre>\n</nav>\n"
    once = compact_html(page)
    assert compact_html(once) == once
