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
