import matplotlib

matplotlib.use("Agg")

import corpus_utils as cu  # noqa: E402


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
        assert b"Software" not in data and b"matplotlib" not in data.lower()


class TestPlotLengths:
    def test_one_bar_per_document_with_its_length(self, seed_corpus):
        fig, ax = cu.plot.plot_lengths(seed_corpus)
        widths = sorted(int(p.get_width()) for p in ax.patches)
        assert widths == sorted(seed_corpus["n_tokens"].tolist())
        assert ax.get_title() == "Document lengths by group"

    def test_many_documents_become_a_histogram(self):
        import pandas as pd

        corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "label": ["a", "b"] * 20,
                               "n_tokens": list(range(40))})
        fig, ax = cu.plot.plot_lengths(corpus)
        assert ax.get_ylabel() == "documents"
        assert len(ax.get_yticklabels()) < 40


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

    def test_fightin_words_one_point_per_term(self, seed_corpus):
        dtm = cu.count_terms(cu.index_tokens(seed_corpus))
        table = cu.keyness.log_odds(dtm, min_docs=0)
        fig, ax = cu.plot.plot_fightin_words(table, n_labels=3)
        points = sum(len(c.get_offsets()) for c in ax.collections)
        assert points == len(table)

    def test_frame_heatmap_one_row_per_document_and_bars_one_per_frame_and_group(self, seed_corpus):
        tokens = cu.index_tokens(seed_corpus)
        matches = cu.frame.match_frames(tokens)
        rates = cu.frame.frame_rates(matches, tokens)
        fig, ax = cu.plot.plot_frame_heatmap(rates)
        assert [t.get_text() for t in ax.get_yticklabels()] == sorted(
            seed_corpus["doc_id"], key=lambda d: (seed_corpus.set_index("doc_id").loc[d, "label"], d))
        summary = cu.frame.group_summary(rates)
        fig, ax = cu.plot.plot_frame_bars(summary, rates)
        n_frames = rates["frame"].nunique()
        assert len([p for p in ax.patches if p.get_height() > 0 or p.get_width() > 0]) >= n_frames

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

        return pd.DataFrame({"doc_id": self.DOCS, "label": self.LABELS, "n_tokens": [40, 30, 20, 10]})

    def assert_drawn(self, fig, *expected):
        drawn = self.drawn_texts(fig)
        for text in [t for group in expected for t in group]:
            assert text in drawn, (text, drawn)

    def test_lengths(self):
        fig, _ = cu.plot.plot_lengths(self.documents())
        self.assert_drawn(fig, self.DOCS, self.GROUPS)

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

        rows = [{"doc_id": d, "label": g, "frame": f, "per_1000": float(i + j), "hits": i + j}
                for i, (d, g) in enumerate(zip(self.DOCS, self.LABELS)) for j, f in enumerate(self.FRAMES)]
        rates = pd.DataFrame(rows)
        rates.attrs["frames"] = self.FRAMES
        return rates

    def test_frame_heatmap(self):
        fig, _ = cu.plot.plot_frame_heatmap(self.frame_rates())
        self.assert_drawn(fig, self.DOCS, self.FRAMES)

    def test_frame_bars(self):
        rates = self.frame_rates()
        summary = (rates.groupby(["frame", "label"], sort=False)["per_1000"]
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
        table.attrs.update(groups=self.GROUPS, n_docs=dict.fromkeys(self.GROUPS, 2), statistic="log_odds",
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
