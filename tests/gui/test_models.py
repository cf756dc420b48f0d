from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from renkei_desktop.gui.models.frame_model import SORT_ROLE, FrameModel
from renkei_desktop.gui.models.status_grid import (
    HAS_QUERY_ROLE,
    ROW_STATUS_ROLE,
    STATUS_ROLE,
    StatusFilterProxy,
    StatusGridModel,
    header_label,
)
from renkei_desktop.loader import load_dataset

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def data(small_inbox):
    return load_dataset([small_inbox])


def test_frame_model(qtmodeltester):
    model = FrameModel()
    model.set_frame(
        pd.DataFrame({"選択肢": ["ある", "ない"], "実数": [43, 203], "割合": [17.3, 81.9]}),
        percent_columns={"割合"},
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "17.3%"
    assert model.data(model.index(1, 1)) == "203"
    assert model.data(model.index(1, 1), SORT_ROLE) == 203
    assert model.data(model.index(1, 1), Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.data(model.index(1, 1), Qt.ItemDataRole.FontRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "選択肢"
    assert model.to_tsv() == "選択肢\t実数\t割合\nある\t43\t17.3%\nない\t203\t81.9%\n"
    assert model.to_tsv([1]) == "選択肢\t実数\t割合\nない\t203\t81.9%\n"


def test_status_grid_model(qtmodeltester, data):
    model = StatusGridModel()
    model.set_dataset(data, "municipal")
    qtmodeltester.check(model)
    assert model.rowCount() == 450
    assert model.columnCount() == 4 + 59
    assert [model.data(model.index(0, c)) for c in range(4)] == ["茨城県", "08201", "水戸市", "提出済"]
    row_hitachi = next(r for r in range(450) if model.data(model.index(r, 1)) == "08202")
    q61 = 4 + [q.id for q in data.codebooks["municipal"].questions].index("Q6_1_med")
    assert model.data(model.index(row_hitachi, q61), STATUS_ROLE) == "invalid_value"
    assert model.data(model.index(row_hitachi, q61)) == "！"
    tooltip = model.data(model.index(row_hitachi, q61), Qt.ItemDataRole.ToolTipRole)
    assert "D55: たぶん" in tooltip and "要確認（不正な値）" in tooltip
    assert model.data(model.index(row_hitachi, 0), HAS_QUERY_ROLE) is True
    contact = 4 + [q.id for q in data.codebooks["municipal"].questions].index("C_tel")
    assert "029-000-0000" not in model.data(model.index(0, contact), Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(q61, Qt.Orientation.Horizontal) == "6-(1)\n医"
    assert model.data(model.index(1, 1), ROW_STATUS_ROLE) in ("returned", "missing")
    for role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.CheckStateRole):
        assert model.data(model.index(row_hitachi, q61), role) is None
    assert (
        model.data(model.index(row_hitachi, q61), Qt.ItemDataRole.BackgroundRole).color().name() != "#000000"
    )


def test_filters(data):
    model = StatusGridModel()
    model.set_dataset(data, "municipal")
    proxy = StatusFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 450
    proxy.set_filters(only_missing=True)
    assert proxy.rowCount() == 446
    proxy.set_filters(only_missing=False, only_queries=True)
    assert [proxy.data(proxy.index(r, 2)) for r in range(proxy.rowCount())] == ["日立市"]
    proxy.set_filters(only_queries=False, prefecture="東京都")
    assert proxy.rowCount() == 62
    proxy.set_filters(prefecture="", text="土浦")
    assert [proxy.data(proxy.index(r, 1)) for r in range(proxy.rowCount())] == ["08203"]


def test_header_labels():
    from renkei_desktop.codebook import load_codebook

    cb = load_codebook("municipal")
    assert header_label(cb.question("Q6_6_oth_m3")) == "6-(6)\n他3"
    assert header_label(cb.question("Q8_1_target")) == "8-(1)\n目標"
    assert header_label(cb.question("C_mail")) == "連絡先\nメール"
