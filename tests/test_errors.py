import pickle

import pytest

from corpus_utils import errors


class TestCorpusError:
    def test_message_names_file_reason_and_fix(self):
        exc = errors.DecodeError("looks binary", "texts/a.txt", "Save it as UTF-8")
        assert str(exc) == "texts/a.txt: looks binary. Save it as UTF-8."
        assert (exc.path, exc.reason, exc.fix) == ("texts/a.txt", "looks binary", "Save it as UTF-8")

    def test_without_path_or_fix(self):
        assert str(errors.LabelError("need two groups")) == "need two groups."

    @pytest.mark.parametrize("name", [n for n in errors.__all__ if n != "CorpusError"])
    def test_every_error_is_a_corpus_error_and_a_value_error(self, name):
        cls = getattr(errors, name)
        assert issubclass(cls, errors.CorpusError) and issubclass(cls, ValueError)
        assert cls.__doc__.startswith("Raised when")

    def test_not_found_is_also_file_not_found(self):
        assert issubclass(errors.CorpusNotFoundError, FileNotFoundError)

    def test_survives_pickling(self):
        exc = pickle.loads(pickle.dumps(errors.MetadataError("bad", "m.csv", "Fix it")))
        assert isinstance(exc, errors.MetadataError)
        assert str(exc) == "m.csv: bad. Fix it."
