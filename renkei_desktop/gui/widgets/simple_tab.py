"""単純集計 tab: a question tree (survey → 質問 → item), the selected item's table and its chart.

An item asked of both 医療・介護・福祉分野 and それ以外 is shown with its pair."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.gui import charting
from renkei_desktop.gui.widgets.chart_view import ChartView
from renkei_desktop.gui.widgets.table_view import FrameTableView
from renkei_desktop.items import TabItem, tab_items
from renkei_desktop.tabulate import SimpleTable, table_for

log = logging.getLogger(__name__)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


def pair_of(item: TabItem, items: list[TabItem]) -> TabItem | None:
    """The other scope's item (``Q6_2_med`` ↔ ``Q6_2_oth``)."""
    if item.scope not in ("med", "oth"):
        return None
    other = "oth" if item.scope == "med" else "med"
    wanted = item.item_id.replace(f"_{item.scope}", f"_{other}", 1)
    pair = next((i for i in items if i.item_id == wanted), None)
    # 質問6-(3) and 7-(2) list different departments per scope: those are shown alone
    return pair if pair is not None and pair.options == item.options else None


def tables_frame(tables: list[SimpleTable]) -> pd.DataFrame:
    """選択肢 / 実数 / 割合 (one pair of columns per table when a pair is shown)."""
    first = tables[0]
    frame = pd.DataFrame({"選択肢": [r.label for r in first.rows]})
    for table in tables:
        suffix = (
            f"（{'医療・介護・福祉' if table.item.scope == 'med' else 'それ以外'}）"
            if len(tables) > 1
            else ""
        )
        frame[f"実数{suffix}"] = [r.count for r in table.rows]
        frame[f"割合{suffix}"] = [r.percent for r in table.rows]
    if first.stats:
        labels = {"min": "最小値", "max": "最大値", "mean": "平均値", "median": "中央値"}
        extra = pd.DataFrame({"選択肢": list(labels.values()), "実数": [first.stats[k] for k in labels]})
        frame = pd.concat([frame, extra], ignore_index=True)
    return frame


class SimpleTab(QWidget):
    def __init__(self, parent: QWidget | None = None, dpi: int = 300) -> None:
        super().__init__(parent)
        self.data: Dataset | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["設問"])
        self.tree.setAccessibleName("設問の一覧")
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)  # long labels scroll instead of being cut
        self.tree.currentItemChanged.connect(self._selected)
        self.title = QLabel("左の一覧から設問を選んでください")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.table = FrameTableView()
        self.table.setAccessibleName("単純集計表")
        self.chart = ChartView(dpi=dpi)
        right = QSplitter(Qt.Orientation.Horizontal)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.title)
        table_layout.addWidget(self.table, 1)
        right.addWidget(table_box)
        right.addWidget(self.chart)
        right.setStretchFactor(1, 2)
        right.setSizes([480, 700])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 1020])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.current: list[SimpleTable] = []
        # forward Tab: the question tree, the chart's resolution and save buttons, then the table
        order = [self.tree, self.chart.dpi_box, *self.chart.buttons.values(), self.table]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def set_dataset(self, data: Dataset | None) -> None:
        self.data = data
        self.tree.clear()
        if data is None:
            return
        for survey in ("municipal", "prefectural"):
            top = QTreeWidgetItem([f"{SURVEY_LABELS[survey]}票（N={len(data.of(survey))}）"])
            self.tree.addTopLevelItem(top)
            groups: dict[str, QTreeWidgetItem] = {}
            for item in tab_items(data.codebooks[survey]):
                question = item.number.split("-")[0] if item.number.startswith("質問") else item.number
                parent = groups.get(question)
                if parent is None:
                    parent = QTreeWidgetItem([question])
                    top.addChild(parent)
                    groups[question] = parent
                scope = {"med": "【医療・介護・福祉】", "oth": "【それ以外】"}.get(item.scope or "", "")
                node = QTreeWidgetItem([f"{item.number} {scope}{item.title}"])
                node.setToolTip(0, f"{item.number} {scope}{item.title}")
                node.setData(0, ITEM_ROLE, (survey, item.item_id))
                parent.addChild(node)
        self.tree.expandAll()  # the item labels at once, not only 「質問6」

    def select_item(self, survey: str, item_id: str) -> bool:
        for node in self._nodes():
            if node.data(0, ITEM_ROLE) == (survey, item_id):
                self.tree.setCurrentItem(node)
                return True
        return False

    def _nodes(self) -> Iterator[QTreeWidgetItem]:
        tops = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        stack = [node for node in tops if node is not None]
        while stack:
            node = stack.pop()
            yield node
            children = (node.child(i) for i in range(node.childCount()))
            stack.extend(child for child in children if child is not None)

    def _selected(self, node: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        key = node.data(0, ITEM_ROLE) if node else None
        if not key or self.data is None:
            return
        survey, item_id = key
        items = tab_items(self.data.codebooks[survey])
        item = next(i for i in items if i.item_id == item_id)
        shown = [item]
        pair = pair_of(item, items)
        if pair is not None:
            shown = [item, pair] if item.scope == "med" else [pair, item]
        self.current = [table_for(self.data, survey, i.item_id) for i in shown]
        base = "・".join(f"N={t.base}" for t in self.current)
        multi = "（複数回答）" if item.is_multi else ""
        self.title.setText(f"{item.number} {item.title}{multi}（{base}）")
        self.table.excel_name = f"単純集計_{item.item_id}.xlsx"
        self.table.set_frame(
            tables_frame(self.current),
            percent_columns={c for c in tables_frame(self.current).columns if c.startswith("割合")},
        )
        try:
            figure = charting.simple_figure(self.current)
        except Exception:  # a chart must never take the table down with it
            log.exception("chart failed for %s", item_id)
            figure = None
        self.chart.set_figure(figure, f"単純集計_{item.item_id}")
