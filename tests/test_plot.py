import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import corpus_utils as cu  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened: more than 20 open figures raise matplotlib's RuntimeWarning."""
    yield
    plt.close("all")


def legend_texts(fig):
    """The texts of every legend of ``fig`` (the figure's own and its axes')."""
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


class TestSaveFigure:
    def test_writes_png_with_stable_name_and_identical_bytes(self, tmp_path, seed_corpus):
        # a re-run draws the figure anew and saves it again: the bytes must not change
        fig, _ = cu.plot.plot_lengths(seed_corpus)
        first = cu.save_figure(fig, "lengths", tmp_path / "figs")
        data = first.read_bytes()
        fig, _ = cu.plot.plot_lengths(seed_corpus)
        second = cu.save_figure(fig, "lengths", tmp_path / "figs")
        assert first == second == tmp_path / "figs" / "lengths.png"
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert second.read_bytes() == data
        assert b"tEXtSoftware\x00corpus-essay" in data and b"matplotlib" not in data.lower()  # no version, no date


class TestPlotLengths:
    def test_one_bar_per_document_with_its_length(self, seed_corpus):
        fig, ax = cu.plot.plot_lengths(seed_corpus)
        widths = sorted(int(p.get_width()) for p in ax.patches)
        assert widths == sorted(seed_corpus["n_tokens"].tolist())
        assert ax.get_title() == "Document lengths by group"

    def test_many_documents_become_a_histogram_with_a_legend(self):
        import pandas as pd

        corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "group": ["a", "b"] * 20,
                               "n_tokens": list(range(40))})
        fig, ax = cu.plot.plot_lengths(corpus)
        assert ax.get_ylabel() == "documents"
        assert len(ax.get_yticklabels()) < 40
        assert legend_texts(fig) == ["a (20 documents)", "b (20 documents)"]

    @pytest.mark.parametrize("n_docs, legend", [
        (3, ["a (1 document)", "b (1 document)", "c (1 document)"]),
        (5, ["a (2 documents)", "b (2 documents)", "c (1 document)"]),  # the longest bar is last, at lower right
        (40, ["a (14 documents)", "b (13 documents)", "c (13 documents)"]),  # a histogram
    ])
    def test_the_legend_covers_no_bar(self, n_docs, legend):
        corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n_docs)],
                               "group": (["a", "b", "c"] * n_docs)[:n_docs],
                               "n_tokens": [10 * (i + 1) for i in range(n_docs)]})
        fig, ax = cu.plot.plot_lengths(corpus)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        box = (list(fig.legends) + [ax.get_legend()])[0].get_window_extent(renderer)
        bars = [p.get_window_extent(renderer) for p in ax.patches if p.get_width() > 0 and p.get_height() > 0]
        assert len(bars) >= 3
        assert not [bar for bar in bars if bar.overlaps(box)]
        assert legend_texts(fig) == legend


class TestGroupColors:
    """A group has one colour in every figure; "the rest" of a one-vs-rest comparison is grey, never a group's."""

    def test_groups_take_the_palette_in_sorted_order_and_the_rest_is_grey(self):
        colors = cu.plot.group_colors(["workers", "rest", "activists", "shopkeepers"])
        assert colors == {"activists": "#0072B2", "shopkeepers": "#D55E00", "workers": "#009E73", "rest": "#999999"}

    @pytest.mark.parametrize("groups", [["a"], ["shopkeepers"], ["a", "b", "c"], list("abcdefghij")])
    def test_a_group_keeps_its_colour_when_the_rest_is_drawn_too(self, groups):
        with_rest = cu.plot.group_colors([*groups, cu.groups.REST])
        assert {g: with_rest[g] for g in groups} == cu.plot.group_colors(groups)
        assert with_rest[cu.groups.REST] == cu.plot.REST_COLOR

    def test_the_grey_of_the_rest_is_no_group_s_colour(self):
        assert cu.plot.REST_COLOR not in cu.plot.PALETTE
        assert matplotlib.colors.to_hex(cu.plot.REST_COLOR) == matplotlib.colors.to_hex("0.6")


class TestChapterFigures:
    """Each figure draws what its table says: one mark per row, labels from the table."""

    def test_keyness_bars_one_bar_per_top_term_with_document_counts(self, seed_corpus):
        dtm = cu.count_terms(cu.index_tokens(seed_corpus))
        top = cu.keyness.top_terms(cu.keyness.log_odds(dtm), 5)
        fig, ax = cu.plot.plot_keyness_bars(top)
        assert len(ax.patches) == len(top)
        texts = " ".join(t.get_text() for t in ax.texts + ax.get_yticklabels())
        first = top.iloc[0]
        assert first["term"] in texts and "docs" in texts

    def test_keyness_bars_draw_each_interval_in_the_bar_s_direction(self):
        # pair a | b: a's bars point left, b's right; each interval is that of |score| in the bar's direction
        top = pd.DataFrame({"term": ["trust", "fear", "crime"], "group": ["a", "a", "b"], "score": [2.0, 1.5, -3.0],
                            "score_low": [1.0, -0.5, -4.0], "score_high": [3.0, 2.5, -2.5],
                            "docs_a": [2, 2, 0], "docs_b": [0, 0, 3]})
        top.attrs = {"groups": ["a", "b"], "group_sizes": {"a": 2, "b": 3}, "comparison": "pair",
                     "statistic": "log_odds", "interval_level": 0.95}
        fig, ax = cu.plot.plot_keyness_bars(top)
        lines = [sorted(line.get_xdata()) for line in ax.lines if len(line.get_xdata()) == 2 and line.get_ydata()[0] == line.get_ydata()[1]]
        assert lines == [[-3.0, -1.0], [-2.5, 0.5], [2.5, 4.0]]  # fear's interval crosses the zero line
        assert "line: 95% bootstrap interval" in ax.get_xlabel()
        notes = {t.get_text(): t.get_position()[0] for t in ax.texts if "docs)" in t.get_text()}
        assert notes["crime  (3/3 docs)"] > 4.0 and notes["trust  (2/2 docs)"] < -3.0  # beyond the interval's far end
        assert legend_texts(fig) == ["a", "b", "95% bootstrap interval of |score|"]
        plt.close(fig)

    def test_keyness_bars_of_the_seed_each_carry_an_interval_and_leave_the_legend_off_the_bars(self, seed_corpus):
        dtm = cu.count_terms(cu.index_tokens(seed_corpus))
        stable = cu.keyness.stability(dtm, top_n=5, n_resamples=20)
        fig, ax = cu.plot.plot_keyness_bars(stable)
        bars = [p for p in ax.patches if p.get_width() != 0]
        lines = [line for line in ax.lines if line.get_marker() == "|"]
        assert len(bars) == len(lines) == len(stable) == 10
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legend = fig.legends[0].get_window_extent(renderer)
        assert not [p for p in bars if p.get_window_extent(renderer).overlaps(legend)]

    def test_keyness_bars_without_intervals_draw_no_lines(self):
        top = pd.DataFrame({"term": ["trust"], "group": ["a"], "score": [2.0], "docs_a": [2], "docs_b": [0]})
        top.attrs = {"groups": ["a", "b"], "group_sizes": {"a": 2, "b": 3}, "comparison": "pair"}
        fig, ax = cu.plot.plot_keyness_bars(top)
        assert [line for line in ax.lines if len(line.get_xdata()) == 2 and line.get_xdata()[0] != line.get_xdata()[1]] == []
        plt.close(fig)

    def test_fightin_words_draw_the_intervals_of_the_listed_words(self):
        table = pd.DataFrame({"term": ["trust", "law", "crime"], "group": ["a", "a", "b"], "score": [2.0, 0.3, -3.0],
                              "count_a": [9, 5, 0], "count_b": [1, 5, 100]})
        table.attrs = {"groups": ["a", "b"], "comparison": "pair"}
        stable = pd.DataFrame({"term": ["trust", "crime"], "group": ["a", "b"], "score_low": [1.0, -4.0],
                               "score_high": [3.0, -2.5]})
        fig, ax = cu.plot.plot_fightin_words(table, n_labels=1, intervals=stable)
        vertical = sorted((line.get_xdata()[0], *sorted(line.get_ydata())) for line in ax.lines
                          if len(line.get_xdata()) == 2 and line.get_xdata()[0] == line.get_xdata()[1])
        assert vertical == [(pytest.approx(1.0), 1.0, 3.0), (pytest.approx(2.0), -4.0, -2.5)]  # x = log10(10), log10(100)
        assert "95% bootstrap interval (listed words)" in legend_texts(fig)
        plt.close(fig)

    def test_fightin_words_one_point_per_term(self, seed_corpus):
        dtm = cu.count_terms(cu.index_tokens(seed_corpus))
        table = cu.keyness.log_odds(dtm, min_docs=0)
        fig, ax = cu.plot.plot_fightin_words(table, n_labels=3)
        points = sum(len(c.get_offsets()) for c in ax.collections)
        assert points == len(table)

    def test_a_heatmap_of_two_frames_and_long_document_ids_lays_out_without_a_warning(self):
        # a lexicon of two frames (a student's draft) once gave a figure too narrow for its labels and colour bar
        import warnings

        import pandas as pd

        docs = [f"against-rent-control/a{i}_a_long_document_name" for i in range(5)]
        rates = pd.DataFrame([{"doc_id": d, "group": "g", "frame": f, "per_1000": float(i + j), "hits": i + j}
                              for i, d in enumerate(docs) for j, f in enumerate(["theme_1", "theme_2"])])
        rates.attrs["frames"] = ["theme_1", "theme_2"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig, _ = cu.plot.plot_frame_heatmap(rates)
            fig.canvas.draw()

    def test_frame_heatmap_one_row_per_document_and_bars_one_per_frame_and_group(self, seed_corpus):
        tokens = cu.index_tokens(seed_corpus)
        matches = cu.frame.match_frames(tokens)
        rates = cu.frame.frame_rates(matches, tokens)
        fig, ax = cu.plot.plot_frame_heatmap(rates)
        assert [t.get_text() for t in ax.get_yticklabels()] == sorted(
            seed_corpus["doc_id"], key=lambda d: (seed_corpus.set_index("doc_id").loc[d, "group"], d))
        summary = cu.frame.group_summary(rates)
        fig, ax = cu.plot.plot_frame_bars(summary, rates)
        n_frames = rates["frame"].nunique()
        assert len([p for p in ax.patches if p.get_height() > 0 or p.get_width() > 0]) >= n_frames

    def test_frame_differences_one_row_per_frame_with_its_interval(self):
        separation = pd.DataFrame({"frame": ["trust", "crime"], "group_a": ["a", "a"], "group_b": ["b", "b"],
                                   "diff": [2.0, -1.0], "diff_low": [1.0, -3.0], "diff_high": [3.0, float("nan")]})
        separation.attrs.update(value="per_1000", frame_labels={"trust": "Trust & fear"})
        fig, ax = cu.plot.plot_frame_differences(separation)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Trust & fear", "crime"]
        intervals = [tuple(line.get_xdata()) for line in ax.lines if list(line.get_ydata()) == [0, 0]]
        assert intervals == [(1.0, 3.0)]  # the second row has no interval: no line is drawn for it
        assert "more in a" in ax.get_xlabel() and "more in b" in ax.get_xlabel()
        plt.close(fig)

    def test_frame_differences_name_the_group_of_each_row_one_against_the_rest(self):
        separation = pd.DataFrame({"frame": ["trust", "trust"], "group_a": ["a", "b"], "group_b": ["rest", "rest"],
                                   "diff": [2.0, -1.0], "diff_low": [1.0, -3.0], "diff_high": [3.0, 0.5]})
        fig, ax = cu.plot.plot_frame_differences(separation, max_rows=1)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["trust (a vs rest)"]
        assert "first 1 of 2 rows" in ax.get_title(loc="right")
        plt.close(fig)

    def test_frame_differences_title_fits_the_figure(self):
        labels = {"trust": "Community trust & cooperation with residents", "crime": "Crime & punishment"}
        separation = pd.DataFrame({"frame": ["trust", "crime"], "group_a": ["fresh", "fresh"],
                                   "group_b": ["rotten", "rotten"], "diff": [1.0, -1.0], "diff_low": [0.5, -2.0],
                                   "diff_high": [2.0, 0.5]})
        separation.attrs.update(value="per_1000", frame_labels=labels)
        fig, ax = cu.plot.plot_frame_differences(separation)
        fig.canvas.draw()
        box = ax.title.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1, (box, fig.bbox)
        plt.close(fig)

    def test_frame_differences_colour_a_zero_difference_as_neither_group(self):
        separation = pd.DataFrame({"frame": ["trust", "crime"], "group_a": ["a", "a"], "group_b": ["b", "b"],
                                   "diff": [0.0, -1.0], "diff_low": [0.0, -2.0], "diff_high": [0.0, 0.5]})
        fig, ax = cu.plot.plot_frame_differences(separation)
        dots = [c.get_facecolor()[0][:3] for c in ax.collections]
        colors = cu.plot.group_colors(["a", "b"])
        assert tuple(dots[0]) == pytest.approx(matplotlib.colors.to_rgb("0.6"))
        assert tuple(dots[1]) == pytest.approx(matplotlib.colors.to_rgb(colors["b"]))
        plt.close(fig)

    @staticmethod
    def one_against_the_rest(item: str):
        """Three groups, each against the rest: activists and shopkeepers lean to the group, workers to the rest."""
        return pd.DataFrame({item: ["x", "y", "z"], "group_a": ["activists", "shopkeepers", "workers"],
                             "group_b": ["rest"] * 3, "diff": [0.02, 0.01, -0.01], "diff_low": [0.01, 0.005, -0.02],
                             "diff_high": [0.03, 0.02, -0.005]})

    @pytest.mark.parametrize("plot, item", [("plot_frame_differences", "frame"), ("plot_theme_differences", "theme")])
    def test_differences_one_against_the_rest_colour_each_group_as_every_figure_does_and_the_rest_grey(self, plot,
                                                                                                      item):
        # "rest" once took a palette colour in sorted order, so shopkeepers turned green (orange everywhere else)
        table = self.one_against_the_rest(item)
        if item == "theme":
            table["label"] = ["x", "y", "z"]
        fig, ax = getattr(cu.plot, plot)(table)
        colors = cu.plot.group_colors(["activists", "shopkeepers", "workers"])
        faces = [matplotlib.colors.to_hex(c.get_facecolor()[0]) for c in ax.collections]
        lines = [matplotlib.colors.to_hex(line.get_color()) for line in ax.lines if len(line.get_xdata()) == 2
                 and line.get_ydata()[0] == line.get_ydata()[1]]
        expected = [colors["activists"].lower(), colors["shopkeepers"].lower(), matplotlib.colors.to_hex("0.6")]
        assert faces == lines == expected
        assert colors["shopkeepers"] == "#D55E00"  # orange, as on the front page

    @staticmethod
    def themes_compared(groups=("fresh", "rotten"), rest=False):
        """A themes.compare_themes table: differences of mean shares (0 to 1), drawn in points."""
        a, b = groups
        table = pd.DataFrame({"theme": ["theme 1", "theme 2", "theme 3"],
                              "label": ["film, story, character", "bad, boring, plot", "music, score, song"],
                              "group_a": [a, a, b] if rest else [a] * 3, "group_b": ["rest"] * 3 if rest else [b] * 3,
                              "diff": [0.042, -0.031, 0.0], "diff_low": [0.019, -0.05, float("nan")],
                              "diff_high": [0.065, -0.012, float("nan")]})
        table.attrs.update(value="share", seed=0)
        return table

    def test_theme_differences_one_row_per_theme_in_points_coloured_by_the_group_it_leans_to(self):
        fig, ax = cu.plot.plot_theme_differences(self.themes_compared())
        assert [t.get_text() for t in ax.get_yticklabels()] == ["film, story, character", "bad, boring, plot",
                                                                "music, score, song"]
        dots = [tuple(np.round(c.get_offsets()[0], 6)) for c in ax.collections]
        assert dots == [(4.2, 0.0), (-3.1, 1.0), (0.0, 2.0)]  # 0.042 of the text is 4.2 points
        intervals = [tuple(np.round(line.get_xdata(), 6)) for line in ax.lines if len(line.get_xdata()) == 2
                     and line.get_ydata()[0] == line.get_ydata()[1]]
        assert intervals == [(1.9, 6.5), (-5.0, -1.2)]  # the third has no interval: no line
        colors = cu.plot.group_colors(["fresh", "rotten"])
        faces = [matplotlib.colors.to_hex(c.get_facecolor()[0]) for c in ax.collections]
        assert faces == [colors["fresh"].lower(), colors["rotten"].lower(), matplotlib.colors.to_hex("0.6")]
        assert ax.get_xlabel() == ("difference in share of the documents' text (points)\n"
                                   "<- more in rotten   |   more in fresh ->")
        assert ax.get_title(loc="right") == "Theme differences (dot) with 95% intervals (line)"

    def test_theme_differences_one_against_the_rest_name_the_group_and_say_the_cut(self):
        fig, ax = cu.plot.plot_theme_differences(self.themes_compared(("a", "b"), rest=True), max_rows=2)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["film, story, character (a vs rest)",
                                                                "bad, boring, plot (a vs rest)"]
        assert ax.get_xlabel() == ("difference in share of the documents' text (points)\n"
                                   "<- more in the rest   |   more in the group ->")
        assert ax.get_title(loc="right").endswith("\nfirst 2 of 3 rows")

    def test_theme_differences_empty(self):
        fig, ax = cu.plot.plot_theme_differences(self.themes_compared().iloc[0:0])
        assert [t.get_text() for t in ax.get_yticklabels()] == [] and not ax.collections

    def test_similarity_of_many_documents_has_no_tick_colour_legend(self):
        ids = [f"d{i}" for i in range(50)]
        matrix = pd.DataFrame(np.eye(50) * 0.5 + 0.5, index=ids, columns=ids)
        documents = pd.DataFrame({"doc_id": ids, "group": ["a", "b"] * 25})
        fig, ax = cu.plot.plot_similarity(matrix, documents)
        assert ax.get_legend() is None  # no tick is drawn, so no tick colour to explain
        assert "corpus order" in ax.get_xlabel()
        plt.close(fig)

    def test_dendrogram_colours_the_clusters_of_the_cut_and_names_its_leaves(self):
        from scipy.cluster import hierarchy

        rng = np.random.default_rng(0)
        n = 80
        points = rng.random((n, 3)) + np.repeat(np.eye(3) * 10, [27, 27, 26], axis=0)  # three far-apart blobs
        z = hierarchy.linkage(points, method="average")
        tree = pd.DataFrame(z, columns=["left", "right", "distance", "size"])
        cut = hierarchy.fcluster(z, 3, criterion="maxclust")
        documents = pd.DataFrame({"doc_id": [f"x{i:03d}" for i in range(n)], "group": ["a", "b"] * 40, "cluster": cut})
        fig, ax = cu.plot.plot_dendrogram(tree, documents, max_leaves=20)
        leaves = [t.get_text() for t in ax.get_yticklabels()]
        assert len(leaves) == 20
        assert all(t.startswith("x") or t.endswith(" documents") for t in leaves), leaves
        grey = matplotlib.colors.to_rgb("0.35")
        colours = {tuple(c[:3]) for coll in ax.collections for c in coll.get_colors()} - {grey}
        assert len(colours) == 3  # one colour per cluster of the cut, grey above it
        assert "3 clusters" in ax.get_title()
        plt.close(fig)

    def test_cluster_map_labels_every_point_of_a_small_corpus(self, seed_corpus):
        vectors = cu.cluster.document_vectors(cu.count_terms(cu.index_tokens(seed_corpus)))
        clusters = cu.cluster.kmeans(vectors, 2, n_init=5, seed=0)
        points = cu.cluster.map_2d(vectors, clusters, seed=0)
        fig, ax = cu.plot.plot_cluster_map(points)
        labels = sorted(t.get_text() for t in ax.texts)
        assert labels == sorted(seed_corpus["doc_id"])

    def test_silhouette_marks_the_k_used(self, seed_corpus):
        vectors = cu.cluster.document_vectors(cu.count_terms(cu.index_tokens(seed_corpus)))
        table = cu.cluster.silhouette_by_k(vectors, n_init=5, seed=0)
        fig, ax = cu.plot.plot_silhouette(table, 2)
        assert len(ax.lines[0].get_xdata()) == len(table)


class TestDataDrawnLiterally:
    """A label, doc id, frame or term with `$` in it is drawn as typed, never as mathtext."""

    GROUPS = ["$g$", "a$b$c"]
    DOCS = ["$x$", "$", "a$b$c", "$x_$"]  # "$x_$" is not even valid mathtext: it would crash the draw
    LABELS = ["$g$", "$g$", "a$b$c", "a$b$c"]
    FRAMES = ["$f$", "$", "c$d$e"]
    TERMS = ["$x$", "$", "a$b$c", "$x_$"]

    @staticmethod
    def drawn_texts(fig):
        """Every text the figure draws, read back from an SVG that keeps text as text."""
        import io
        import xml.etree.ElementTree as ET

        fig.canvas.draw()
        fig.savefig(io.BytesIO(), format="png")
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(buffer, format="svg")
        root = ET.fromstring(buffer.getvalue())
        return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]

    def documents(self):
        import pandas as pd

        return pd.DataFrame({"doc_id": self.DOCS, "group": self.LABELS, "n_tokens": [40, 30, 20, 10]})

    def assert_drawn(self, fig, *expected):
        drawn = self.drawn_texts(fig)
        for text in [t for group in expected for t in group]:
            assert text in drawn, (text, drawn)

    def test_lengths(self):
        fig, _ = cu.plot.plot_lengths(self.documents())
        self.assert_drawn(fig, self.DOCS, [f"{g} (2 documents)" for g in self.GROUPS])

    def test_similarity(self):
        import numpy as np
        import pandas as pd

        matrix = pd.DataFrame(np.eye(4) * 0.5 + 0.5, index=self.DOCS, columns=self.DOCS)
        fig, _ = cu.plot.plot_similarity(matrix, self.documents())
        self.assert_drawn(fig, self.DOCS, self.GROUPS)

    def test_dendrogram(self):
        import pandas as pd

        tree = pd.DataFrame({"left": [0, 2, 4], "right": [1, 3, 5], "distance": [0.2, 0.3, 0.9], "size": [2, 2, 4]})
        fig, _ = cu.plot.plot_dendrogram(tree, self.documents())
        self.assert_drawn(fig, self.DOCS, self.GROUPS)

    def test_cluster_map(self):
        import pandas as pd

        points = self.documents().assign(x=[0.0, 1.0, 0.0, 1.0], y=[0.0, 0.0, 1.0, 1.0], cluster=[1, 1, 2, 2])
        points.attrs.update(method="mds", shares=[0.5, 0.3])
        fig, _ = cu.plot.plot_cluster_map(pd.DataFrame(points))
        self.assert_drawn(fig, self.DOCS, self.GROUPS)

    def frame_rates(self):
        import pandas as pd

        rows = [{"doc_id": d, "group": g, "frame": f, "per_1000": float(i + j), "hits": i + j}
                for i, (d, g) in enumerate(zip(self.DOCS, self.LABELS)) for j, f in enumerate(self.FRAMES)]
        rates = pd.DataFrame(rows)
        rates.attrs["frames"] = self.FRAMES
        return rates

    def test_theme_differences(self):
        import pandas as pd

        labels = ["$x$, <b>y</b>, *z*", "$x_$, [a](b)"]
        compared = pd.DataFrame({"theme": ["theme 1", "theme 2"], "label": labels, "group_a": self.GROUPS[:1] * 2,
                                 "group_b": self.GROUPS[1:] * 2, "diff": [0.1, -0.2], "diff_low": [0.0, -0.3],
                                 "diff_high": [0.2, -0.1]})
        fig, _ = cu.plot.plot_theme_differences(compared)
        self.assert_drawn(fig, labels, [f"<- more in {self.GROUPS[1]}   |   more in {self.GROUPS[0]} ->"])

    def test_frame_heatmap(self):
        fig, _ = cu.plot.plot_frame_heatmap(self.frame_rates())
        self.assert_drawn(fig, self.DOCS, self.FRAMES)

    def test_frame_bars(self):
        rates = self.frame_rates()
        summary = (rates.groupby(["frame", "group"], sort=False)["per_1000"]
                   .agg(mean="mean", sd="std", n_docs="size").reset_index())
        summary.attrs["frames"] = self.FRAMES
        fig, _ = cu.plot.plot_frame_bars(summary, rates)
        drawn = self.drawn_texts(fig)
        assert all(frame in drawn for frame in self.FRAMES)
        assert sorted(t for t in drawn if " (n=" in t) == ["$g$ (n=2)", "a$b$c (n=2)"]

    def keyness(self):
        import pandas as pd

        table = pd.DataFrame({"term": self.TERMS, "group": [self.GROUPS[0]] * 2 + [self.GROUPS[1]] * 2,
                              "score": [3.0, 2.0, -3.0, -2.0], "count_a": [9, 8, 1, 0], "count_b": [0, 1, 8, 9],
                              "docs_a": [2, 2, 1, 0], "docs_b": [0, 1, 2, 2], "rank": [1, 2, 1, 2]})
        table.attrs.update(groups=self.GROUPS, group_sizes=dict.fromkeys(self.GROUPS, 2), statistic="log_odds",
                           comparison="pair")
        return table

    def test_keyness_bars(self):
        fig, _ = cu.plot.plot_keyness_bars(self.keyness())
        drawn = self.drawn_texts(fig)
        assert all(group in drawn for group in self.GROUPS)
        assert sorted(t.split("  (")[0] for t in drawn if t.endswith(" docs)")) == sorted(self.TERMS)
        assert "Top terms: $g$ vs a$b$c" in drawn

    def test_fightin_words(self):
        fig, _ = cu.plot.plot_fightin_words(self.keyness(), n_labels=2)
        self.assert_drawn(fig, self.TERMS, self.GROUPS)


class TestLabelsDrawnShortAndPlain:
    """A label is shortened for the figure (the tables show it whole), drawn without control or bidirectional
    formatting characters, and a character the font lacks is replaced, named in one warning, never a glyph warning."""

    LONG = "for " + "x" * 296
    RLO = "\u202eagainst 12\x07"
    SHOWN = {LONG: "for " + "x" * 25 + "\u2026" + "x" * 30, RLO: "against 12\ufffd"}

    def documents(self, groups):
        import pandas as pd

        return pd.DataFrame({"doc_id": ["d1\x1b", "d2", "d3", "d4"], "group": [groups[0]] * 2 + [groups[1]] * 2,
                             "n_tokens": [40, 30, 20, 10]})

    def test_lengths(self):
        fig, _ = cu.plot.plot_lengths(self.documents([self.LONG, self.RLO]))
        drawn = TestDataDrawnLiterally.drawn_texts(fig)
        assert {f"{label} (2 documents)" for label in self.SHOWN.values()} | {"d1\ufffd", "d2"} <= set(drawn)
        assert not [t for t in drawn if len(t.removesuffix(" (2 documents)")) > 60 or "\x07" in t or "\u202e" in t]

    def test_keyness_bars_title_and_legend(self):
        table = TestDataDrawnLiterally().keyness()
        table = table.assign(group=table["group"].map({"$g$": self.LONG, "a$b$c": self.RLO}))
        table.attrs.update(groups=[self.LONG, self.RLO], group_sizes={self.LONG: 2, self.RLO: 2})
        fig, _ = cu.plot.plot_keyness_bars(table)
        drawn = TestDataDrawnLiterally.drawn_texts(fig)
        assert f"Top terms: {self.SHOWN[self.LONG]} vs {self.SHOWN[self.RLO]}" in drawn
        assert sorted(t for t in drawn if t.endswith("/2 docs)")) == ["$  (2/2 docs)", "$x$  (2/2 docs)",
                                                                       "$x_$  (2/2 docs)", "a$b$c  (2/2 docs)"]
        assert table["group"].tolist()[0] == self.LONG  # the table given is left whole

    def test_characters_the_font_lacks_are_replaced_and_named_once(self):
        import io
        import warnings

        import matplotlib.pyplot as plt
        import pytest

        plt.close("all")
        with pytest.warns(UserWarning) as caught:
            fig, _ = cu.plot.plot_lengths(self.documents(["\u4f4f\u623f \U0001f99c", "\u4f4f"]))
        assert [str(w.message) for w in caught] == [
            "The figure's font cannot draw 3 characters of its text, shown as \ufffd: \u4f4f \u623f \U0001f99c "
            "(the tables show the text in full)."]
        drawn = TestDataDrawnLiterally.drawn_texts(fig)
        assert "\ufffd\ufffd \ufffd (2 documents)" in drawn and "\ufffd (2 documents)" in drawn
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "Glyph missing from font" when the figure is drawn
            fig.savefig(io.BytesIO(), format="png")


class TestSaveFigureNeverThroughALink:
    """save_figure writes a new file and renames it into place; it never writes through a link or over a
    file it did not write. Every case runs in a temporary folder."""

    @staticmethod
    def figure():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        return fig

    def test_a_link_at_the_target_is_refused_and_its_target_unchanged(self, tmp_path):
        import pytest

        outside = tmp_path / "outside.txt"
        outside.write_text("keep me", encoding="utf-8")
        figures = tmp_path / "figures"
        figures.mkdir()
        (figures / "f.png").symlink_to(outside)
        with pytest.raises(cu.errors.CorpusError, match=r"f\.png is a link or not a regular file"):
            cu.save_figure(self.figure(), "f", figures)
        assert outside.read_text(encoding="utf-8") == "keep me" and (figures / "f.png").is_symlink()
        assert sorted(p.name for p in figures.iterdir()) == ["f.png"]

    def test_a_folder_or_a_pipe_at_the_target_is_refused(self, tmp_path):
        import os

        import pytest

        (tmp_path / "d.png").mkdir()
        os.mkfifo(tmp_path / "p.png")
        for name in ("d", "p"):
            with pytest.raises(cu.errors.CorpusError, match="is a link or not a regular file"):
                cu.save_figure(self.figure(), name, tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["d.png", "p.png"]

    def test_a_file_this_project_did_not_write_is_left_alone(self, tmp_path):
        import pytest
        from PIL import Image

        (tmp_path / "notes.png").write_text("my notes", encoding="utf-8")
        Image.new("RGB", (2, 2)).save(tmp_path / "photo.png")  # a PNG, but not one of ours
        photo = (tmp_path / "photo.png").read_bytes()
        for name in ("notes", "photo"):
            with pytest.raises(cu.errors.CorpusError, match="is not a figure this project wrote"):
                cu.save_figure(self.figure(), name, tmp_path)
        assert (tmp_path / "notes.png").read_text(encoding="utf-8") == "my notes"
        assert (tmp_path / "photo.png").read_bytes() == photo

    def test_its_own_figure_is_replaced_by_a_new_file(self, tmp_path):
        first = cu.save_figure(self.figure(), "f", tmp_path)
        inode = first.stat().st_ino
        fig = self.figure()
        fig.axes[0].plot([0, 1], [1, 0])
        second = cu.save_figure(fig, "f", tmp_path)
        assert second == first and second.stat().st_ino != inode  # renamed into place, not written in place
        assert [p.name for p in tmp_path.iterdir()] == ["f.png"]  # no temporary file left behind
        assert oct(second.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


class TestPlotPower:
    """The power figure: one line per simulated feature in each comparison's panel, and a note on what is left out."""

    def teardown_method(self, method):
        import matplotlib.pyplot as plt

        plt.close("all")  # more than 20 open figures would raise matplotlib's RuntimeWarning

    @staticmethod
    def power_table(labels, features=("crime", "trust"), one_document=()):
        """A design.power table by hand: a pair for two labels, else each label against the rest; a comparison
        with a one-document label is not simulated. Features alternate frame, term."""
        import pandas as pd

        from corpus_utils import design

        pairs = [(labels[0], labels[1])] if len(labels) == 2 else [(g, "rest") for g in labels]
        rows = []
        for a, b in pairs:
            single = a in one_document or b in one_document
            for j, feature in enumerate(features):
                for k, n in enumerate((5, 10)):
                    power = float("nan") if single else round(0.2 + 0.1 * j + 0.3 * k, 2)
                    rows.append({"group_a": a, "group_b": b, "kind": "frame" if j % 2 == 0 else "term",
                                 "feature": feature, "group": a, "n_per_group": n, "docs_a": 3, "docs_b": 3,
                                 "power": power, "power_low": power - 0.1, "power_high": power + 0.1,
                                 "n_simulations": 0 if single else 200,
                                 "status": "one document" if single else "simulated"})
        table = pd.DataFrame(rows).reindex(columns=design.POWER_COLUMNS)
        table.attrs.update(alpha=0.05, n_simulations=200)
        return table

    @staticmethod
    def data_lines(ax):
        return [line for line in ax.lines if line.get_marker() not in (None, "None", "")]

    def test_one_line_per_feature_at_the_simulated_powers(self):
        table = self.power_table(["a", "b"])
        fig, ax = cu.plot.plot_power(table)
        lines = self.data_lines(ax)
        assert [line.get_marker() for line in lines] == ["s", "o"]  # crime is a frame, trust a term
        for line, feature in zip(lines, ["crime", "trust"]):
            rows = table[table["feature"] == feature]
            assert list(line.get_xdata()) == [5, 10]
            assert list(line.get_ydata()) == rows["power"].tolist()
        target = [line for line in ax.lines if list(line.get_ydata()) == [0.8, 0.8]]
        assert len(target) == 1 and target[0].get_linestyle() == ":"
        assert "target power 0.8" in [t.get_text() for t in ax.texts]
        assert ax.get_xscale() == "log" and [t.get_text() for t in ax.get_xticklabels()] == ["5", "10"]
        assert ax.get_title() == "a vs b" and len(ax.collections) == 2  # one interval band per feature

    def test_at_most_four_panels_and_a_note_naming_the_rest(self):
        table = self.power_table(list("abcdef"))  # six groups: six one-vs-rest comparisons
        fig, ax = cu.plot.plot_power(table)
        panels = [a for a in fig.axes if a.get_visible()]
        assert [a.get_title() for a in panels] == ["a vs rest", "b vs rest", "c vs rest", "d vs rest"]
        assert "note: 2 more comparisons not shown: e vs rest, f vs rest" in fig.get_suptitle()
        colours = [[line.get_color() for line in self.data_lines(a)] for a in panels]
        assert all(c == colours[0] for c in colours)  # a feature keeps its colour in every panel

    def test_a_one_document_comparison_is_left_out_and_named(self):
        table = self.power_table(["a", "b", "c"], one_document=("c",))
        fig, ax = cu.plot.plot_power(table)
        assert [a.get_title() for a in fig.axes if a.get_visible()] == ["a vs rest", "b vs rest"]
        assert "note: not simulated (a group of one document): c vs rest" in fig.get_suptitle()

    def test_nothing_to_simulate(self):
        from corpus_utils import design

        fig, ax = cu.plot.plot_power(design.power(features=None))
        assert [t.get_text() for t in ax.texts] == ["Nothing to simulate:\nno feature was given to simulate."]
        fig, ax = cu.plot.plot_power(self.power_table(["a", "b"], one_document=("a",)))
        assert "a group of one document" in ax.texts[0].get_text() and not ax.axison

    def test_groups_and_features_drawn_literally(self):
        groups, features = TestDataDrawnLiterally.GROUPS, ["$x$", "$x_$"]
        fig, _ = cu.plot.plot_power(self.power_table(groups, features))
        drawn = TestDataDrawnLiterally.drawn_texts(fig)
        for text in [f"{groups[0]} vs {groups[1]}", "frame: $x$", "term: $x_$"]:
            assert text in drawn, (text, drawn)

    @pytest.mark.parametrize("value", [0.0, 0.5])
    def test_every_line_at_one_value_draws_nothing(self, value):
        # all powers 0 (a test that cannot reach alpha at these sizes) or all one value: flat lines say nothing
        table = self.power_table(["a", "b", "c"]).assign(power=value)
        open_before = plt.get_fignums()
        assert cu.plot.plot_power(table) == (None, None)
        assert plt.get_fignums() == open_before  # no figure left open either

    def test_one_line_that_moves_is_drawn(self):
        table = self.power_table(["a", "b"]).assign(power=0.0)
        table.loc[table.index[-1], "power"] = 0.01
        fig, ax = cu.plot.plot_power(table)
        assert fig is not None and len(self.data_lines(ax)) == 2


class TestFightinWordsLabels:
    """Labels of close points are moved apart (adjustText), joined to their points by leader lines, never overlap,
    and come out the same for the same table, in one process and in another."""

    @staticmethod
    def crowded(n=15):
        """n terms on each side, all at (almost) one point: the worst case for labels."""
        terms = [f"term{i:02d}" for i in range(2 * n)]
        scores = [3.0 + 0.001 * i for i in range(n)] + [-3.0 - 0.001 * i for i in range(n)]
        table = pd.DataFrame({"term": terms, "group": ["a"] * n + ["b"] * n, "score": scores,
                              "count_a": [50] * n + [1] * n, "count_b": [1] * n + [50] * n})
        table.attrs = {"groups": ["a", "b"], "comparison": "pair"}
        return table

    @staticmethod
    def label_boxes(fig, ax):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        return {t.get_text(): t.get_window_extent(renderer) for t in ax.texts}

    def test_labels_of_close_points_do_not_overlap_and_stay_inside(self):
        fig, ax = cu.plot.plot_fightin_words(self.crowded(), n_labels=15)
        boxes = self.label_boxes(fig, ax)
        assert sorted(boxes) == [f"term{i:02d}" for i in range(30)]  # every label drawn
        names = sorted(boxes)
        overlapping = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].overlaps(boxes[b])]
        assert overlapping == []
        frame = ax.get_window_extent(fig.canvas.get_renderer())
        assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
                   for b in boxes.values())

    def test_moved_labels_have_leader_lines_to_their_points(self):
        from matplotlib.patches import FancyArrowPatch

        fig, ax = cu.plot.plot_fightin_words(self.crowded(), n_labels=15)
        leaders = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        assert len(leaders) >= 20  # 30 labels around 2 points: most must move away
        starts = {tuple(np.round(leader._posA_posB[0], 6)) for leader in leaders}
        assert starts <= {(round(np.log10(51), 6), round(3.0 + 0.001 * i, 6)) for i in range(15)} | {
            (round(np.log10(51), 6), round(-3.0 - 0.001 * i, 6)) for i in range(15)}

    def test_same_png_bytes_in_this_process_and_in_another(self, tmp_path):
        first = cu.save_figure(cu.plot.plot_fightin_words(self.crowded(), n_labels=15)[0], "one", tmp_path).read_bytes()
        second = cu.save_figure(cu.plot.plot_fightin_words(self.crowded(), n_labels=15)[0], "two", tmp_path).read_bytes()
        script = ("import sys, test_plot, corpus_utils as cu\n"
                  "fig, _ = cu.plot.plot_fightin_words(test_plot.TestFightinWordsLabels.crowded(), n_labels=15)\n"
                  "cu.save_figure(fig, 'three', sys.argv[1])\n")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, env=env, cwd=Path(__file__).parent)
        assert first == second == (tmp_path / "three.png").read_bytes()


class TestDistinctiveTerms:
    """The front page's figure: one block per group, bars of |score| with the interval of |score|, labels as written."""

    @staticmethod
    def terms(groups=("Clinton", "Trump"), per_group=3, n_docs=(4, 5, 1)):
        rows = []
        for k, group in enumerate(groups):
            sign = 1.0 if k == 0 else -1.0  # a pair's second group has negative scores
            for i in range(per_group):
                score = 3.0 - i * (1.0 if per_group <= 3 else 0.05)
                # the interval of the score (low < high), asymmetric: a's |score| runs from score - 1 to score + 0.5,
                # a negative score's |score| from |score| - 0.5 to |score| + 1
                low, high = (score - 1.0, score + 0.5) if sign > 0 else (-score - 1.0, -score + 0.5)
                rows.append({"group": group, "term": f"{group.lower()} term {i}", "label": f"{group} Term {i}",
                             "score": sign * score, "score_low": low, "score_high": high,
                             "docs": max(1, n_docs[k] - i), "n_docs": n_docs[k]})
        table = pd.DataFrame(rows)
        table.attrs = {"groups": list(groups), "statistic": "log_odds", "interval_level": 0.95}
        return table

    @staticmethod
    def intervals(ax):
        return [sorted(line.get_xdata()) for line in ax.lines if line.get_marker() == "|"]

    def test_two_groups_one_block_each_with_bars_intervals_and_document_counts(self):
        fig, ax = cu.plot.plot_distinctive_terms(self.terms())
        assert [a.get_title(loc="left") for a in fig.axes] == ["Clinton", "Trump"]
        first, second = fig.axes
        assert [t.get_text() for t in second.get_yticklabels()] == [
            "Trump Term 0 (5 of 5)", "Trump Term 1 (4 of 5)", "Trump Term 2 (3 of 5)"]
        assert [p.get_width() for p in second.patches] == [3.0, 2.0, 1.0]  # |score|
        # Trump's scores are negative: its interval (-4, -2.5) of the score is (2.5, 4) of |score|
        assert self.intervals(second) == [[2.5, 4.0], [1.5, 3.0], [0.5, 2.0]]
        assert self.intervals(first) == [[2.0, 3.5], [1.0, 2.5], [0.0, 1.5]]
        assert first.get_yticklabels()[0].get_text() == "Clinton Term 0 (4 of 4)"
        assert "line: 95% bootstrap interval" in second.get_xlabel()
        assert "z-score of the log-odds ratio" in second.get_xlabel()
        assert fig.get_suptitle() == "Terms that set each group apart"

    def test_three_groups_in_the_order_given_with_a_one_document_group(self):
        table = self.terms(("b", "c", "a"), per_group=2)
        fig, _ = cu.plot.plot_distinctive_terms(table)
        assert [a.get_title(loc="left") for a in fig.axes] == ["b", "c", "a"]
        assert [t.get_text() for t in fig.axes[2].get_yticklabels()] == ["a Term 0 (1 of 1)", "a Term 1 (1 of 1)"]
        colours = [a.patches[0].get_facecolor() for a in fig.axes]
        assert len(set(colours)) == 3  # one colour per group, the same as in every other figure
        assert colours[2] == matplotlib.colors.to_rgba(cu.plot.group_colors(["a", "b", "c"])["a"])

    def test_an_interval_left_out_draws_no_line(self):
        table = self.terms(("a", "b"), per_group=1).assign(score_low=[float("nan"), -4.0])
        fig, _ = cu.plot.plot_distinctive_terms(table)
        assert [self.intervals(a) for a in fig.axes] == [[], [[2.5, 4.0]]]

    def test_many_terms_are_cut_to_the_strongest(self):
        table = self.terms(("a", "b"), per_group=30, n_docs=(400, 500)).sample(frac=1.0, random_state=0)
        fig, _ = cu.plot.plot_distinctive_terms(table, max_terms=5)
        assert [len(a.patches) for a in fig.axes] == [5, 5]
        assert fig.axes[0].get_yticklabels()[0].get_text() == "a Term 0 (400 of 400)"

    def test_an_empty_table_gives_a_figure_that_says_so(self):
        fig, ax = cu.plot.plot_distinctive_terms(self.terms().head(0))
        assert [t.get_text() for t in ax.texts] == ["No distinctive terms to show."] and not ax.axison

    def test_labels_and_groups_drawn_as_typed_and_plain(self):
        table = self.terms(("$g$", "a\u202eb"), per_group=1)
        table["label"] = ["$x_$ Obama", "middle\x07class"]
        fig, _ = cu.plot.plot_distinctive_terms(table)
        drawn = TestDataDrawnLiterally.drawn_texts(fig)
        for text in ["$g$", "ab", "$x_$ Obama (4 of 4)", "middle\ufffdclass (5 of 5)"]:
            assert text in drawn, (text, drawn)

    def test_legible_at_phone_width(self):
        # 7 inches shown 375 pixels wide: every text of the figure at 11 points or more
        fig, ax = cu.plot.plot_distinctive_terms(self.terms())
        fig.canvas.draw()
        assert fig.get_figwidth() <= 7.0
        sizes = {t.get_fontsize() for a in fig.axes for t in a.get_yticklabels() + a.get_xticklabels() + [a.title]}
        sizes |= {fig.axes[-1].xaxis.label.get_fontsize()}
        assert min(sizes) >= 11


class TestSaveFigureDrawsOnce:
    """In a notebook with inline figures, the PNG written is the figure's output and the figure is not drawn again."""

    @staticmethod
    def figure():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot([0, 1], [0, 1])
        return fig

    def test_outside_a_notebook_nothing_is_shown_and_the_figure_stays_open(self, tmp_path):
        import matplotlib.pyplot as plt

        fig = self.figure()
        cu.save_figure(fig, "f", tmp_path)
        assert plt.fignum_exists(fig.number)
        plt.close(fig)

    def test_inline_the_file_is_the_output_at_the_inline_width_and_the_figure_is_closed(self, tmp_path, monkeypatch):
        import base64

        import matplotlib
        import matplotlib.pyplot as plt
        from IPython.core.interactiveshell import InteractiveShell
        from IPython.utils.capture import capture_output

        shell = InteractiveShell.instance()
        monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://matplotlib_inline.backend_inline")
        try:
            fig = self.figure()
            with capture_output() as shown:
                path = cu.save_figure(fig, "02_bars", tmp_path)
        finally:
            InteractiveShell.clear_instance()
            del shell
        assert len(shown.outputs) == 1
        output = shown.outputs[0]
        png = path.read_bytes()
        assert output.data == {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "<Figure 02_bars>"}
        file_width = int.from_bytes(png[16:20], "big")  # the PNG header's width, at savefig.dpi 120
        assert output.metadata == {"image/png": {"width": round(file_width * 100 / 120)}}
        assert not plt.fignum_exists(fig.number)


class TestFrameBarsSampleTheirDots:
    """Above max_dots documents in a group, plot_frame_bars draws the dots of a seeded sample and says so."""

    @staticmethod
    def tables(n_a: int, n_b: int):
        docs = [(f"a{i:04d}", "a") for i in range(n_a)] + [(f"b{i:04d}", "b") for i in range(n_b)]
        rates = pd.DataFrame([(d, g, f, i % 7, float(i % 7), 0.5) for i, (d, g) in enumerate(docs) for f in ("crime", "trust")],
                             columns=["doc_id", "group", "frame", "hits", "per_1000", "share"])
        summary = cu.frame.group_summary(rates)
        return summary, rates

    @staticmethod
    def dots(ax) -> int:
        from matplotlib.collections import PathCollection

        return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection) and c.get_sizes()[0] < 100)

    def test_every_document_is_a_dot_up_to_the_cap(self):
        summary, rates = self.tables(30, 20)
        fig, ax = cu.plot.plot_frame_bars(summary, rates, max_dots=30)
        assert self.dots(ax) == 2 * (30 + 20) and ax.get_xlabel().endswith("dot: one document)")
        assert ax.get_title() == "Frames by group: mean per document, with every document"

    def test_above_the_cap_a_seeded_sample_is_drawn_and_named(self):
        summary, rates = self.tables(50, 20)
        fig, ax = cu.plot.plot_frame_bars(summary, rates, max_dots=30)
        assert self.dots(ax) == 2 * (30 + 20)  # two frames; group a sampled down to 30 documents, b whole
        assert ax.get_xlabel().endswith("dot: one document of a random sample, 30 of 50 for a)")
        assert ax.get_title() == "Frames by group: mean per document, with a sample of the documents"
        again = cu.plot.plot_frame_bars(summary, rates, max_dots=30)[1]
        assert [c.get_offsets().tolist() for c in again.collections] == [c.get_offsets().tolist() for c in ax.collections]
