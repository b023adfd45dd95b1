"""The wallet card (QR decoded from the printed page) and contacts.vcf, parsed back with vobject."""

from __future__ import annotations

import subprocess

import vobject
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from handbook.outputs import vcard, wallet


def _cards(text: str) -> list:
    return list(vobject.readComponents(text))


def test_wallet_card_is_one_a4_sheet_front_and_back(pdf_build):
    ctx, _ = pdf_build
    reader = PdfReader(ctx.site_dir / "wallet-card.pdf")
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.28) < 1.5
        assert abs(float(page.mediabox.height) - 841.89) < 1.5
    front, back = (" ".join(p.extract_text().split()) for p in reader.pages)
    assert front.count("Første skridt") == 10
    assert "Superbruger/IKT’er og/eller Administrator informeres straks om nedbrud." in front
    assert back.count("Nøglenumre") == 10
    for _, contact in vcard.key_contacts(ctx.model):
        for phone in contact.numbers:
            assert phone.display in back
    assert reader.trailer["/Root"]["/Lang"] == "da"
    # The card names its own edition (the day and a hash of what it shows), on paper and in its metadata.
    edition = reader.metadata["/Version"]
    assert edition == wallet.edition(ctx) and edition in reader.metadata.subject and f"udgave {edition}" in back
    assert edition.startswith(f"{ctx.build.built_at:%Y.%m.%d}-") and edition != ctx.build.version


def test_wallet_qr_is_a_vcard_3_with_the_key_numbers(pdf_build, tmp_path):
    ctx, _ = pdf_build
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "2", "-l", "2",
                    str(ctx.site_dir / "wallet-card.pdf"), str(tmp_path / "back")], check=True)
    image = Image.open(next(tmp_path.glob("back*.png")))
    found = zxingcpp.read_barcodes(image)
    qrs = [b for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(qrs) == 10  # one on every card of the sheet
    payload = qrs[0].text
    assert all(q.text == payload for q in qrs)
    cards = _cards(payload)
    keys = vcard.key_contacts(ctx.model)
    assert len(cards) == len(keys)
    for card, (_, contact) in zip(cards, keys):
        assert card.version.value == "3.0"
        assert card.fn.value == contact.name
        assert [t.value for t in card.tel_list] == [p.dial for p in contact.numbers]
    assert len(payload.encode("utf-8")) < 900  # small enough for a ~31 mm code to scan


def test_contacts_vcf_parses_back_with_the_same_names_and_numbers(pdf_build):
    ctx, _ = pdf_build
    text = (ctx.site_dir / "contacts.vcf").read_bytes().decode("utf-8")
    cards = _cards(text)
    model = ctx.model
    expected = {c.name: [p.dial for p in c.numbers] for table in (model.people, model.services)
                for c in table.values() if c.numbers and not getattr(c, "vacant", False)}
    got = {card.fn.value: [t.value for t in card.tel_list] for card in cards}
    assert got == expected
    for card in cards:
        assert card.version.value == "3.0"
        assert card.org.value == [model.handbook.organisation]
        assert card.n.value.family
    baris = next(c for c in cards if c.fn.value == "Baris Atak")
    assert baris.title.value == "Chef for Kerneområdet AUBO"
    assert baris.n.value.family == "Atak" and baris.n.value.given == "Baris"
    assert baris.tel.type_param == "WORK"
    assert "\r\n" in text


def test_vcard_types_and_email():
    from handbook.data.model import Person
    from handbook.data.phones import parse_phone

    person = Person(name="Mona Gregersen", title="Afdelingsleder", email="mogr@holbaek.dk",
                    phones=[parse_phone("72 36 25 58", "arbejde"), parse_phone("20 30 40 50", "mobil")])
    card = vobject.readOne(vcard.card(person, "Holbæk Kommune").serialize())
    assert [(t.value, t.type_param) for t in card.tel_list] == [("+4572362558", "WORK"), ("+4520304050", "CELL")]
    assert card.email.value == "mogr@holbaek.dk"
    assert vcard.tel_type("Mobile") == "CELL" and vcard.tel_type("") == "WORK"


def test_wallet_text_is_shortened_at_word_boundaries():
    assert wallet.shorten("Administrator undersøger evt. tidsperspektiv", 100) == \
        "Administrator undersøger evt. tidsperspektiv"
    short = wallet.shorten("Administrator kontakter Chefen, hvis nedbruddet forventes at tage mere end 1 uge", 40)
    assert short.endswith("…") and len(short) <= 40 and "Chefen" in short and not short[:-1].endswith(" ")


def test_wallet_leaves_out_plans_that_do_not_fit(seed_model):
    items, left_out = wallet.first_steps(seed_model)
    assert left_out == 0 and items[0].phase == "Straks" and len(items[0].steps) == 3
    many = seed_model.plans["it-nedbrud"]
    seed_model.plans.update({f"plan-{i}": many.model_copy(update={"title": f"Plan nummer {i}"}) for i in range(30)})
    try:
        items, left_out = wallet.first_steps(seed_model)
        assert left_out > 0 and len(items) + left_out == 31
        assert sum(len(i.title) + len(i.phase) + sum(len(s) + 4 for s in i.steps) + 10 for i in items) \
            <= wallet.FRONT_BUDGET
    finally:
        for i in range(30):
            del seed_model.plans[f"plan-{i}"]


def test_cut_marks_lie_outside_the_cards():
    x0 = (wallet.PAGE_W - wallet.COLS * wallet.CARD_W) / 2
    y0 = (wallet.PAGE_H - wallet.ROWS * wallet.CARD_H) / 2
    marks = wallet.cut_marks()
    assert len(marks) == 2 * (wallet.COLS + 1) + 2 * (wallet.ROWS + 1)
    for x1, y1, x2, y2 in marks:
        inside_x = x0 < min(x1, x2) and max(x1, x2) < x0 + wallet.COLS * wallet.CARD_W
        inside_y = y0 < min(y1, y2) and max(y1, y2) < y0 + wallet.ROWS * wallet.CARD_H
        assert not (inside_x and inside_y)
