"""Small hand-written pages shaped like the seed handbook's rendered HTML."""

PLAN = """
<p class="hb-summary">Hvis der sker et IT-nedbrud eller et system går ned i kortere eller længere tid.</p>
<h2 id="situation">Situation</h2>
<p>Hvis fx sagsbehandlingssystemet Fasit/Nexus går ned i længere tid, er det et problem, da vi heller
ikke kan tilgå borgerens sag og se kontaktoplysninger, lægeoplysninger med mere.</p>
<h2 id="alarmering">Alarmering</h2>
<p>Ved IT- og systemnedbrud kommer alarmeringen enten fra IT-afdelingen, Systemleverandøren eller fra
brugerne af systemet.</p>
<ul class="hb-steps"><li class="hb-step"><span class="hb-text">Superbruger/IKT’er kontakter administrator
på systemet.</span> <span class="hb-who"><a class="hb-role" href="../../roller/superbruger.html">Superbruger</a></span></li></ul>
<div class="hb-contact-block"><p class="hb-block-title"><strong>Ledelsen:</strong></p>
<ul class="hb-contact-list">
<li><span class="hb-name">Områdeleder <a href="../../kontakter.html#claus-mercebach">Claus Mercebach</a></span>
 tlf. <a class="hb-tel" href="tel:+4572369245">72 36 92 45</a></li>
<li><span class="hb-name"><a href="../../kontakter.html#it-support">Holbæk kommunes IT-support</a></span>
 tlf. <a class="hb-tel" href="tel:+4572361448">72 36 14 48</a></li>
<li><span class="hb-name"><a href="../../kontakter.html#politi">Midt- og Vestsjællands Politi</a></span>
 tlf. <a class="hb-tel" href="tel:114">114</a> eller tlf. <a class="hb-tel" href="tel:+4546351448">46 35 14 48</a></li>
</ul></div>
<h2 id="handling">Handling</h2>
<h3 id="straks">Straks</h3>
<ul class="hb-steps"><li>Superbruger/IKT’er og/eller Administrator informeres straks om nedbrud.</li></ul>
<h2 id="kommunikation">Kommunikation</h2>
<p>Ved længere tids IT- eller systemnedbrud er det Chefen og ledergruppen der finder ud af hvem, hvordan og
hvad der informeres ud.</p>
<p><span class="hb-name"><a href="../../kontakter.html#pressetelefon">Pressetelefonen</a></span>
 tlf. <a class="hb-tel" href="tel:+4572363448">72 36 34 48</a></p>
"""

CONTACTS = """
<h2 id="ledelsen">Ledelsen</h2>
<ul class="hb-contact-list">
<li class="hb-contact" id="erik-kjaergaard-andersen"><span class="hb-name">Direktør Erik Kjærgaard Andersen</span>
 tlf. <a class="hb-tel" href="tel:+4572366363">72 36 63 63</a></li>
<li class="hb-contact" id="stabsleder"><span class="hb-name">Stabsleder</span> <span class="hb-vacant">vakant</span></li>
<li class="hb-contact" id="claus-mercebach"><span class="hb-name">Områdeleder Claus Mercebach</span>
 tlf. <a class="hb-tel" href="tel:+4572369245">72 36 92 45</a></li>
<li class="hb-contact" id="janne-naesborg"><span class="hb-name">Afdelingsleder Janne Næsborg</span>
 tlf. <a class="hb-tel" href="tel:+4572366157">72 36 61 57</a></li>
</ul>
<h2 id="tjenester">Tjenester</h2>
<ul class="hb-contact-list">
<li class="hb-contact" id="it-support"><span class="hb-name">Holbæk kommunes IT-support</span>
 tlf. <a class="hb-tel" href="tel:+4572361448">72 36 14 48</a></li>
<li class="hb-contact" id="politi"><span class="hb-name">Midt- og Vestsjællands Politi</span>
 tlf. <a class="hb-tel" href="tel:114">114</a> eller tlf. <a class="hb-tel" href="tel:+4546351448">46 35 14 48</a></li>
<li class="hb-contact" id="pressetelefon"><span class="hb-name">Pressetelefonen</span>
 tlf. <a class="hb-tel" href="tel:+4572363448">72 36 34 48</a> (Mads Jakobsen, Henrik Hyldegaard, Maya Bluhme)</li>
</ul>
<h2 id="roller">Roller</h2>
<ul class="hb-contact-list">
<li class="hb-contact" id="superbruger"><span class="hb-name"><a href="roller/superbruger.html">Superbrugere</a></span>
 – listen over navne findes i AUBO's Styringsark <span class="hb-online-only">kun online</span></li>
<li class="hb-contact" id="it-afdelingen"><span class="hb-name"><a href="roller/it-afdelingen.html">IT-afdelingen</a></span>
 – kontakt Holbæk kommunes IT-support tlf. <a class="hb-tel" href="tel:+4572361448">72 36 14 48</a></li>
</ul>
"""

ROLE = """
<p>Hvad gør jeg som Superbruger?</p>
<h2 id="it-nedbrud">IT-nedbrud</h2>
<h3 id="it-nedbrud-straks">Straks</h3>
<ul class="hb-checklist"><li>Superbruger/IKT’er og/eller Administrator informeres straks om nedbrud.</li></ul>
"""

FRONT = """
<h2 id="forst">Først</h2>
<p>IT-nedbrud: Superbruger/IKT’er og/eller Administrator informeres straks om nedbrud.</p>
<h2 id="numre">Vigtige numre</h2>
<p>IT-support tlf. <a class="hb-tel" href="tel:+4572361448">72 36 14 48</a></p>
"""

PAGES = [
    ("index.md", "Beredskabshåndbog", "front", FRONT),
    ("planer/aubo/index.md", "Arbejdsmarked, Uddannelse og Borgerservice (AUBO)", "area",
     '<ul><li><a href="it-nedbrud.html">IT-nedbrud</a></li></ul>'),
    ("planer/aubo/it-nedbrud.md", "IT-nedbrud", "plan", PLAN),
    ("kontakter.md", "Kontakter", "contacts", CONTACTS),
    ("roller/superbruger.md", "Superbruger", "role", ROLE),
]

# query → the result a reader must get first (or, where a test says so, within the first three)
SEED_QUERIES = {
    "Mercebach": "kontakter.html#claus-mercebach",
    "Merc": "kontakter.html#claus-mercebach",
    "Fasit": "planer/aubo/it-nedbrud.html#situation",
    "superbruger": "roller/superbruger.html",
    "pressetelefon": "kontakter.html#pressetelefon",
    "politi": "kontakter.html#politi",
    "72 36 14 48": "kontakter.html#it-support",
    "72361448": "kontakter.html#it-support",
    "+45 72 36 14 48": "kontakter.html#it-support",
}
# The engine tests also try Danish letters typed the ASCII way and as a prefix.
EXPECTED = {**SEED_QUERIES, "naesborg": "kontakter.html#janne-naesborg", "Næsb": "kontakter.html#janne-naesborg"}
