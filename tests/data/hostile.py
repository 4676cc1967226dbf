"""A corpus of hostile text, and an atlas built with every payload in every text field.

Each payload, if it ever ran as script or markup, would set a marker that only
running code can set (``window.__pwned_N`` or the document title ``PWNED N``).
Payloads that the loader rightly refuses (control characters, unclosed bidi
controls) live in the bad-data corpus instead: these all load.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

_P = [
    '<script>window.__pwned_{n}=1</script>',
    '<img src=x onerror="window.__pwned_{n}=1">',
    '<svg onload="window.__pwned_{n}=1"></svg>',
    '<svg><script>window.__pwned_{n}=1</script></svg>',
    '<iframe srcdoc="<script>parent.__pwned_{n}=1</script>"></iframe>',
    '<body onload="window.__pwned_{n}=1">',
    '<details open ontoggle="window.__pwned_{n}=1">',
    '<input autofocus onfocus="window.__pwned_{n}=1">',
    '<video><source onerror="window.__pwned_{n}=1"></video>',
    '<a href="javascript:window.__pwned_{n}=1">click</a>',
    '"><script>window.__pwned_{n}=1</script>',
    "'><img src=x onerror=window.__pwned_{n}=1>",
    '</script><script>window.__pwned_{n}=1</script>',
    '</SCRIPT ><script >window.__pwned_{n}=1</script >',
    '</style><script>window.__pwned_{n}=1</script>',
    '<style>body{display:none} .atlas-title{visibility:hidden}</style>',
    '<style>@import "javascript:window.__pwned_{n}=1";</style>',
    '<link rel=stylesheet href="javascript:window.__pwned_{n}=1">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned_{n}=1">',
    '<object data="javascript:window.__pwned_{n}=1"></object>',
    '<embed src="javascript:window.__pwned_{n}=1">',
    '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned_{n}=1>',
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned_{n}=1>">',
    '<template><script>window.__pwned_{n}=1</script></template>',
    '<marquee onstart="window.__pwned_{n}=1">',
    '<form><button formaction="javascript:window.__pwned_{n}=1">x</button></form>',
    '<isindex action="javascript:window.__pwned_{n}=1" type=image>',
    '<div style="background:url(javascript:window.__pwned_{n}=1)">',
    '<base href="javascript:window.__pwned_{n}=1//">',
    '<title>PWNED {n}</title>',
    '{{7*7}} {% raw %} ${7*7} #{7*7} <%= 7*7 %>',
    '{{constructor.constructor("window.__pwned_{n}=1")()}}',
    '\\u003cscript\\u003ewindow.__pwned_{n}=1\\u003c/script\\u003e',
    '&lt;script&gt;window.__pwned_{n}=1&lt;/script&gt;',
    '&#60;img src=x onerror=window.__pwned_{n}=1&#62;',
    '<!--<img src="--><img src=x onerror=window.__pwned_{n}=1//">',
    '<![CDATA[<script>window.__pwned_{n}=1</script>]]>',
    ']]><script>window.__pwned_{n}=1</script><![CDATA[',
    '<?xml version="1.0"?><x onload="window.__pwned_{n}=1"/>',
    '<Placemark><name>pwned {n}</name></Placemark></Document></kml>',
    '"},{"type":"Feature","properties":{"id":"base:pwned{n}"}',
    "'; window.__pwned_{n}=1; '",
    '"); window.__pwned_{n}=1; ("',
    '` + (window.__pwned_{n}=1) + `',
    'javascript:window.__pwned_{n}=1',
    'data:text/html,<script>window.__pwned_{n}=1</script>',
    '<img src=x:alert(1) onerror=eval(atob("d2luZG93Ll9fcHduZWQ9MQ=="))>',
    '<svg><animate onbegin="window.__pwned_{n}=1" attributeName=x dur=1s>',
    '<img srcset=",,,,,x" onerror="window.__pwned_{n}=1">',
    '<script src="data:,window.__pwned_{n}=1"></script>',
    '\u2066<script>window.__pwned_{n}=1</script>\u2069 (isolated)',
    '普天間 <b onmouseover="window.__pwned_{n}=1">独島 독도</b>',
]
PAYLOADS: list[str] = [p.replace("{n}", str(i)) for i, p in enumerate(_P)]
#: Base fields each hostile base carries a payload in (record i gets payload i+k in field k).
BASE_FIELDS = ("name", "name_ja", "note", "units", "status_note", "municipality", "island", "service")
#: JS run in a page: how many payloads ran (markers that only running script can set).
EXECUTED_JS = ("(function(){var n=0; for (var k in window) { if (k.indexOf('__pwned')===0) n++; }"
               " if (/PWNED/.test(document.title)) n++; return n;})()")


def make_hostile_atlas(fixture: Path, target: Path) -> Path:
    """A copy of ``fixture`` with one hostile base per payload, and payloads in every text field."""
    import shutil

    shutil.copytree(fixture, target)
    n = len(PAYLOADS)
    path = target / "bases" / "okinawa.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    template = next(f for f in data["features"] if f["properties"]["id"] == "base:kadena")
    for i in range(n):
        feat = json.loads(json.dumps(template))
        props = feat["properties"]
        props["id"] = f"base:hostile-{i}"
        for k, field in enumerate(BASE_FIELDS):
            props[field] = PAYLOADS[(i + k) % n]
        props["units_as_of"] = "2021"
        props["position_source"] = {"id": "src:fixture-positions", "at": PAYLOADS[(i + 3) % n]}
        props["controversies"] = ["controversy:hostile"]
        # Spread over Okinawa Island so every symbol can be drawn and clicked.
        feat["geometry"]["coordinates"] = [127.70 + 0.02 * (i % 10), 26.15 + 0.04 * (i // 10)]
        data["features"].append(feat)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # Provisions, controversies and sources carry payloads too.
    prov = target / "provisions.toml"
    prov.write_text(prov.read_text(encoding="utf-8") + "".join(
        f'\n[[provision]]\nid = "provision:hostile-{i}"\ninstrument = {json.dumps(PAYLOADS[i])}\n'
        f'short = {json.dumps(PAYLOADS[(i + 1) % n])}\narticle = "Art. {i}"\ntitle = {json.dumps(PAYLOADS[(i + 2) % n])}\n'
        f'summary = {json.dumps(PAYLOADS[(i + 3) % n])}\nsources = [{{ id = "src:hostile-{i}", at = {json.dumps(PAYLOADS[(i + 4) % n])} }}]\n'
        f'browse_only = true\nnote = {json.dumps(PAYLOADS[(i + 5) % n])}\n'
        for i in range(n)), encoding="utf-8")
    src = target / "sources" / "hostile.toml"
    src.write_text("".join(
        f'[[source]]\nid = "src:hostile-{i}"\ntitle = {json.dumps(PAYLOADS[i])}\npublisher = {json.dumps(PAYLOADS[(i + 1) % n])}\n'
        f'date = "2020-01-01"\nurl = {json.dumps("https://example.org/?q=" + str(i) + "&x=" + quote(PAYLOADS[i]))}\n\n'
        for i in range(n)), encoding="utf-8")
    return target


__all__ = ["PAYLOADS", "BASE_FIELDS", "EXECUTED_JS", "make_hostile_atlas"]
