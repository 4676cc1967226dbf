"""A user feature in the panel: escaped attribute table, whose-data note, no atlas sections."""

from __future__ import annotations

from explorer.atlas.userlayers import UserFeature
from explorer.present.panel_html import dossier_html
from explorer.present.userdata import user_dossier_dict


def _feature(**props) -> UserFeature:
    return UserFeature(id="user:user-x:0", layer="user-x", name='<img src=x onerror="alert(1)">', lat=26.2,
                       lon=127.7, geometry={"type": "Point", "coordinates": [127.7, 26.2]},
                       props=tuple(props.items()), file="/home/me/data/sites.geojson")


def test_attributes_are_an_escaped_table_with_the_note():
    dd = user_dossier_dict(_feature(name="<b>x</b>", count=3, share=0.25, empty=None, flag=True))
    html = dossier_html(dd)
    body = html.split("</style>", 1)[1]
    assert "<img" not in body and "<b>x</b>" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body and "&lt;b&gt;x&lt;/b&gt;" in body
    assert "sites.geojson" in body and "not sourced or checked by Alliance Explorer" in body
    assert "Treaty provisions" not in body and "Controversies" not in body
    assert [f["value"] for f in dd["facts"]] == ["<b>x</b>", "3", "0.25", "", "true"]
    assert dd["kind"] == "Your layer: sites.geojson" and dd["attributes"]["count"] == 3


def test_a_feature_without_attributes_says_so():
    assert "no attributes" in dossier_html(user_dossier_dict(_feature()))
