"""Every template environment fails on a typo instead of printing a blank where a number should be."""

from __future__ import annotations

import jinja2
import pytest

from handbook import pdf, templating
from handbook.outputs import wallet
from handbook.site import render


@pytest.mark.parametrize("env", [render.environment(), pdf._env(), templating.environment(wallet.TEMPLATES)],
                         ids=["site", "pdf", "wallet"])
def test_an_undefined_name_is_an_error_and_text_is_escaped(env):
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ numbr }}").render(number="72 36 63 63")
    assert env.from_string("{{ t }}").render(t="<b>") == "&lt;b&gt;"


def test_templates_of_every_room_load():
    for env, names in ((pdf._env(), ["front.html.j2", "part.html.j2"]),
                       (templating.environment(wallet.TEMPLATES), ["wallet.html.j2"])):
        for name in names:
            env.get_template(name)
