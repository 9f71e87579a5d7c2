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
        top = cu.compare.top_terms(cu.compare.log_odds(dtm), 5)
        fig, ax = cu.plot.plot_keyness_bars(top)
        assert len(ax.patches) == len(top)
        texts = " ".join(t.get_text() for t in ax.texts + ax.get_yticklabels())
        first = top.iloc[0]
        assert first["term"] in texts and "docs" in texts

    def test_fightin_words_one_point_per_term(self, seed_corpus):
        dtm = cu.count_terms(cu.index_tokens(seed_corpus))
        table = cu.compare.log_odds(dtm, min_docs=0)
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
        clusters = cu.cluster.kmeans(vectors, 2, n_init=5, random_state=0)
        points = cu.cluster.map_2d(vectors, clusters, random_state=0)
        fig, ax = cu.plot.plot_cluster_map(points)
        labels = sorted(t.get_text() for t in ax.texts)
        assert labels == sorted(seed_corpus["doc_id"])

    def test_silhouette_marks_the_k_used(self, seed_corpus):
        vectors = cu.cluster.document_vectors(cu.count_terms(cu.index_tokens(seed_corpus)))
        table = cu.cluster.silhouette_by_k(vectors, n_init=5, random_state=0)
        fig, ax = cu.plot.plot_silhouette(table, 2)
        assert len(ax.lines[0].get_xdata()) == len(table)
