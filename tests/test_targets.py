from __future__ import annotations

import pytest

from renkei_desktop.targets import TargetListError, load_master, resolve_targets


def test_default_targets_are_kanto_shinetsu():
    t = resolve_targets()
    assert t.label == "関東信越厚生局"
    assert (len(t.municipalities), len(t.prefectures)) == (450, 10)
    counts = t.municipal_count_by_prefecture()
    assert counts == {
        "08": 44,
        "09": 25,
        "10": 35,
        "11": 63,
        "12": 54,
        "13": 62,
        "14": 33,
        "15": 30,
        "19": 27,
        "20": 77,
    }


def test_nationwide_and_other_bureau():
    assert len(resolve_targets("all").municipalities) == 1741
    assert len(resolve_targets("all").prefectures) == 47
    kinki = resolve_targets("近畿厚生局")
    assert [b.prefecture for b in kinki.prefectures] == [
        "福井県",
        "滋賀県",
        "京都府",
        "大阪府",
        "兵庫県",
        "奈良県",
        "和歌山県",
    ]
    assert resolve_targets("kinki") == kinki


def test_own_csv(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("code,name\n08201,水戸市\n082023,日立市\n8,茨城県\n", encoding="utf-8-sig")
    t = resolve_targets(str(path))
    assert [b.code for b in t.municipalities] == ["08201", "08202"]
    assert [b.code for b in t.prefectures] == ["08"]


def test_bad_target_specs(tmp_path):
    with pytest.raises(TargetListError, match="見つかりません"):
        resolve_targets("月面厚生局")
    bad = tmp_path / "bad.csv"
    bad.write_text("code\n99999\n", encoding="utf-8")
    with pytest.raises(TargetListError, match="2 行目"):
        resolve_targets(str(bad))


def test_master_list_size():
    master = load_master()
    assert (len(master.municipalities), len(master.prefectures)) == (1741, 47)
    assert master.code6_to_code["082015"] == "08201"
