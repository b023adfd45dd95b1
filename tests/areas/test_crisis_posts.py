"""The crisis staff's posts: which post a delplan's entry is, its first tasks and where they come from, and the
editor's mistakes as exact lines."""

from __future__ import annotations

from handbook.data.crisis import DEFAULT_POSTS, LEADER, post_of, posts, staff_cards
from handbook.data.load import load
from handbook.data.model import CrisisRole
from tests.conftest import MULTI, SHIPPED

from .conftest import problems, warnings

AREA = "data/areas/sundhed.yaml"
HANDBOOK = "data/handbook.yaml"

SUNDHED = """\
crisis_leader:
  holder: bo-berg
  stand_in: anna-andersen
crisis_staff:
  - role: Ansvarlig for situationsbillede, log og dokumentation
    holder: erik-eriksen
  - role: Sekretær for krisestaben
    holder: carl-clausen
meeting_place: Sundhedshuset
alternative_meeting_place: Rådhuset
convening: [SMS til krisestaben]
critical_functions: [Hjemmepleje]
crisis_levels:
  - {level: 1, title: Lokal hændelse, trigger: Én enhed er ramt.}
"""


def test_the_five_usual_posts_have_titles_and_several_first_tasks():
    assert [p.id for p in DEFAULT_POSTS] == [LEADER, "situationsbillede", "involverede", "teknik", "kommunikation"]
    for post in DEFAULT_POSTS:
        assert post.title and len(post.tasks) >= 5, post.id
        assert all(task.endswith((".", "?")) for task in post.tasks), post.id
    log_tasks = " ".join(posts(load(MULTI))["situationsbillede"].tasks)
    assert "loggen" in log_tasks and "aktindsigt" in log_tasks


def test_a_post_is_found_from_the_delplan_s_own_words():
    model = load(MULTI)

    def post(text: str, **extra) -> str | None:
        return post_of(model, CrisisRole(role=text, **extra))

    assert post("Ansvarlig for situationsbillede, log og dokumentation") == "situationsbillede"
    assert post("Logfører") == "situationsbillede"
    assert post("Ansvarlig for involverede personer") == "involverede"
    assert post("Ansvarlig for proces/teknik/bygning/systemer") == "teknik"
    assert post("Presseansvarlig") == "kommunikation"
    assert post("Ansvarlig for logistik") is None  # "log" is a whole word, not the start of "logistik"
    assert post("Sekretær for krisestaben") is None
    assert post("Sekretær for krisestaben", post="kommunikation") == "kommunikation"


def test_every_post_of_the_fixture_gets_its_default_tasks_and_the_leader_comes_first():
    model = load(MULTI)
    cards = staff_cards(model, "sundhed")
    assert [c.key for c in cards] == [LEADER, "situationsbillede", "involverede", "teknik", "kommunikation"]
    defaults = {p.id: p.tasks for p in DEFAULT_POSTS}
    assert all(c.tasks == defaults[c.post] for c in cards)
    assert cards[0].holder == ("bo-berg",) and cards[0].stand_in == ("anna-andersen",)
    assert cards[2].ad_hoc and cards[4].holder == ("vagtcentral",)


def test_seed_has_a_leader_card_only():
    cards = staff_cards(load(SHIPPED), "aubo")
    assert [(c.key, c.holder) for c in cards] == [(LEADER, ("chef",))]


def test_handbook_yaml_overrides_title_and_tasks_and_adds_a_post(swap):
    hb = (MULTI / HANDBOOK).read_text(encoding="utf-8") + (
        "crisis_posts:\n"
        "  kommunikation:\n"
        "    title: Kommunikationsansvarlig\n"
        "    tasks:\n"
        "      - Ring til pressevagten.\n"
        "  sekretaer:\n"
        "    title: Sekretær for krisestaben\n"
        "    tasks: [Book mødelokalet., Skriv dagsordenen.]\n"
    )
    root = swap({HANDBOOK: hb, AREA: SUNDHED})
    assert problems(root) == []
    model = load(root)
    assert posts(model)["kommunikation"].tasks == ("Ring til pressevagten.",)
    assert posts(model)["kommunikation"].title == "Kommunikationsansvarlig"
    assert posts(model)["teknik"].tasks == DEFAULT_POSTS[3].tasks  # the others keep their defaults
    cards = staff_cards(model, "sundhed")
    # A post added in handbook.yaml is found by its title, and is no longer a gap.
    assert cards[2].post == "sekretaer" and cards[2].tasks == ("Book mødelokalet.", "Skriv dagsordenen.")
    assert [w for w in warnings(root) if "first tasks" in w] == []
    boern = staff_cards(model, "boern")
    assert [c.tasks for c in boern if c.post == "kommunikation"] == [("Ring til pressevagten.",)]


def test_a_delplan_s_own_tasks_win(swap):
    text = SUNDHED.replace("    holder: erik-eriksen\n", "    holder: erik-eriksen\n    tasks:\n"
                           "      - Start loggen i browseren.\n      - Print situationsbilledet.\n")
    text = text.replace("  holder: bo-berg\n", "  holder: bo-berg\n  tasks: [Indkald staben.]\n")
    root = swap({AREA: text})
    assert problems(root) == []
    cards = staff_cards(load(root), "sundhed")
    assert cards[0].tasks == ("Indkald staben.",)
    assert cards[1].tasks == ("Start loggen i browseren.", "Print situationsbilledet.")


def test_a_post_without_tasks_is_a_warning_at_its_line(swap):
    root = swap({AREA: SUNDHED})
    assert [w for w in warnings(root) if "first tasks" in w] == [
        f"{AREA}:7: crisis_staff[1]: warning: 'Sekretær for krisestaben' has no first tasks (write post: with one "
        "of situationsbillede, involverede, teknik, kommunikation, or list the post's first tasks under tasks:)"]


def test_a_new_post_without_tasks_is_a_warning_too(swap):
    hb = (MULTI / HANDBOOK).read_text(encoding="utf-8") + "crisis_posts:\n  sekretaer:\n    title: Sekretær\n"
    root = swap({HANDBOOK: hb, AREA: SUNDHED.replace("    holder: carl-clausen\n",
                                                      "    holder: carl-clausen\n    post: sekretaer\n")})
    assert [w for w in warnings(root) if "first tasks" in w] == [
        f"{AREA}:7: crisis_staff[1]: warning: 'Sekretær for krisestaben' has no first tasks (list the first tasks "
        "under tasks:, here or at crisis_posts.sekretaer in data/handbook.yaml)"]


def test_unknown_post_is_an_error_with_a_suggestion(swap):
    text = SUNDHED.replace("    holder: carl-clausen\n", "    holder: carl-clausen\n    post: kommunikaton\n")
    root = swap({AREA: text})
    assert problems(root) == [
        f"{AREA}:9: crisis_staff[1].post: unknown post 'kommunikaton' (did you mean 'kommunikation'?)"]


def test_tasks_written_as_one_sentence_is_an_error(swap):
    text = SUNDHED.replace("    holder: erik-eriksen\n", "    holder: erik-eriksen\n    tasks: Start loggen\n")
    root = swap({AREA: text})
    assert problems(root) == [
        f"{AREA}:7: crisis_staff[0].tasks: expected a list, got text "
        "(write each item on its own line starting with '- ')"]


def test_empty_task_and_misspelt_key_in_handbook_yaml(swap):
    hb = (MULTI / HANDBOOK).read_text(encoding="utf-8")
    lines = hb.count("\n")
    root = swap({HANDBOOK: hb + "crisis_posts:\n  teknik:\n    taks: [Ring til driften.]\n  kommunikation:\n"
                 "    tasks:\n      - ''\n"})
    assert problems(root) == [
        f"{HANDBOOK}:{lines + 3}: crisis_posts.teknik.taks: unknown key 'taks' (did you mean 'tasks'?)",
        f"{HANDBOOK}:{lines + 6}: crisis_posts.kommunikation.tasks[0]: empty text (write the text, or remove the key)",
    ]
