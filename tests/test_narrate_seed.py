"""Tests for the commentary written for the seed texts (corpus_utils.narrate.seed), from hand-made tables.

Each test asserts the whole sentence, or that nothing is said when the tables do not show what the
commentary describes; every seed sentence opens with the marker the notebooks gate it under.
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import narrate
from narrate_tables import MD, MD_QUOTED, columns_table, company_rows, concentration_rows, table


# ======================================================================================== chapter 01


class TestSeedCommentaryOfChapter01:
    def test_the_question_names_the_debate(self):
        text = narrate.seed_question()
        assert text.startswith("**Reading the seed corpus.** The seed texts take sides on one question: when "
                               "local police are asked to help federal immigration enforcement (ICE), should they?")

    def test_stance_and_genre_lists_each_stance_genres_escaped(self):
        documents = columns_table(group=["b", "a", "a", MD], genre=["news", "blog", "news", "<b>op-ed</b>"])
        assert narrate.seed_stance_and_genre(documents) == (
            f"**Reading the seed corpus.** Stance and genre are tangled here: {MD_QUOTED}: &lt;b&gt;op-ed&lt;/b&gt;; "
            "*a*: blog, news; *b*: news. The news report is pro-cooperation by its sourcing (it quotes only ICE "
            "officials), not because its reporter argues a side, so any contrast between the camps is partly a "
            "contrast between genres and authors. Chapter 04 asks directly whether unsupervised clusters follow "
            "stance or genre."
        )


# ======================================================================================== chapter 02


def seed_top(rows, groups=("anti-cooperation", "pro-cooperation"), n_docs=(2, 3)) -> pd.DataFrame:
    """A keyness.stability table of the seed: rows of (term, group, docs_a, docs_b) or (..., support); the support
    defaults to consistent."""
    rows = [r if len(r) == 5 else (*r, "consistent") for r in rows]
    out = pd.DataFrame(rows, columns=["term", "group", "docs_a", "docs_b", "support"])
    out.attrs = {"groups": list(groups), "comparison": "pair", "group_sizes": dict(zip(groups, n_docs))}
    return out


ANTI, PRO = "anti-cooperation", "pro-cooperation"


class TestSeedKeynessLists:
    def test_both_lists(self):
        words = seed_top([("local", ANTI, 2, 3), ("trust", ANTI, 2, 0), ("fear", ANTI, 2, 0),
                          ("ice", PRO, 2, 3), ("aliens", PRO, 0, 3), ("sanctuary", PRO, 1, 3)])
        phrases = seed_top([("criminal aliens", PRO, 0, 3), ("commit crimes", PRO, 0, 2)])
        assert narrate.seed_keyness_lists(words, phrases) == (
            "**Reading the seed corpus.** The pro-cooperation lists name the targets and the machinery of "
            "enforcement (*aliens* and *sanctuary* are among its top 3 words, and *criminal aliens* is among its "
            "top phrases), while the anti-cooperation list talks about local government and the people policing "
            "depends on (*trust* and *fear* are among its top 3). None of these anti-cooperation words is carried "
            "by one document: the ACLU letter and the Bozeman police statement share their uses; but two documents "
            "are still two voices, and the stability check below shows how quickly such lists change."
        )

    def test_a_word_carried_by_one_document_is_said_to_be_one(self):
        # trust is used by both anti-cooperation documents, but the support column says one of them supplies most of
        # its uses: the commentary follows the support column, as chapter 05 does
        words = seed_top([("trust", ANTI, 2, 0, "carried by one document"), ("civil", ANTI, 1, 0, "carried by one document"),
                          ("fear", ANTI, 2, 0, "unstable")])
        assert narrate.seed_keyness_lists(words, words.head(0)) == (
            "**Reading the seed corpus.** The anti-cooperation list talks about local government and the people "
            "policing depends on (*trust*, *fear* and *civil* are among its top 3). Of these anti-cooperation words, "
            "*trust* and *civil* are carried by one document: one of the two anti-cooperation documents, the ACLU "
            "letter and the Bozeman police statement, uses them alone or supplies most of their uses, so they are one "
            "author's habit as much as the camp's. The stability check below shows how quickly such lists change."
        )

    def test_one_word_carried_by_one_document(self):
        words = seed_top([("trust", ANTI, 2, 0, "carried by one document")])
        assert narrate.seed_keyness_lists(words, words.head(0)).endswith(
            "Of these anti-cooperation words, *trust* is carried by one document: one of the two anti-cooperation "
            "documents, the ACLU letter and the Bozeman police statement, uses it alone or supplies most of its uses, "
            "so it is one author's habit as much as the camp's. The stability check below shows how quickly such "
            "lists change."
        )

    def test_none_of_the_words_listed(self):
        assert narrate.seed_keyness_lists(seed_top([("x", ANTI, 2, 0)]), seed_top([])) == (
            "**Reading the seed corpus.** With these settings, none of the words the seed commentary discusses "
            "is among the camps' top lists."
        )


class TestSeedCooperation:
    def contested(self):
        out = pd.DataFrame([("cooperation", ANTI, 0.949, 8, 8, 13.5, 7.4)],
                           columns=["term", "group", "score", "count_a", "count_b", "rate_a", "rate_b"])
        out.attrs = {"groups": [ANTI, PRO], "comparison": "pair"}
        return out

    def test_rates_and_neighbours(self):
        company = columns_table(term=["cooperation"] * 4, group=[ANTI, ANTI, PRO, PRO],
                        collocate=["trust", "immigrant", "prevent", "jurisdictions"])
        assert narrate.seed_cooperation(self.contested(), company) == (
            "**Reading the seed corpus.** The anti-cooperation documents use *cooperation* 8 times and the "
            "pro-cooperation documents 8 times; for their length, the anti-cooperation documents use it more "
            "often (13.5 against 7.4 uses per 1,000 words counted, stop words left out). Its z of 0.95 does not "
            "set it apart: it is shared ground, but not about the same thing. On the anti-cooperation side its "
            "closest neighbours are *trust* and *immigrant*: the cooperation of immigrant residents with the "
            "police, which enforcement would cost. On the pro-cooperation side they are *prevent* and "
            "*jurisdictions*: the cooperation of local jurisdictions with ICE, which sanctuary policies prevent. "
            "The concordance lines below let you check."
        )

    def test_no_reading_without_the_neighbours_it_rests_on(self):
        company = columns_table(term=["cooperation"], group=[PRO], collocate=["program"])
        text = narrate.seed_cooperation(self.contested(), company)
        assert "On the pro-cooperation side its closest neighbours are *program*. The concordance" in text
        assert "anti-cooperation side" not in text

    def test_absent(self):
        assert narrate.seed_cooperation(self.contested().head(0), columns_table(term=[])) == (
            "**Reading the seed corpus.** With these settings *cooperation* is not among the contested terms, so "
            "its two meanings are not compared here."
        )


@pytest.mark.parametrize("name", ["seed_question", "seed_stance_and_genre", "seed_keyness_lists", "seed_cooperation"])
def test_seed_commentary_is_marked_as_such(name):
    """Every seed_* sentence opens with the marker the notebooks gate it under."""
    function = getattr(narrate, name)
    examples = {
        "seed_question": (),
        "seed_stance_and_genre": (columns_table(group=["a"], genre=["news"]),),
        "seed_keyness_lists": (seed_top([]), seed_top([])),
        "seed_cooperation": (columns_table(term=[]), columns_table(term=[])),
    }
    assert function(*examples[name]).startswith("**Reading the seed corpus.**")


# ======================================================================================== chapter 03


class TestSeedCommunityConcentration:
    def test_the_text_behind_most_hits_and_the_other(self):
        conc = concentration_rows(("community", "anti-cooperation", 2, 2, 24, "004-police", 19))
        rates = table([{"doc_id": "004-police", "group": "anti-cooperation", "frame": "community", "hits": 19},
                       {"doc_id": "001-malone", "group": "anti-cooperation", "frame": "community", "hits": 5},
                       {"doc_id": "000-klaassen", "group": "pro-cooperation", "frame": "community", "hits": 1}])
        assert narrate.seed_community_concentration(conc, rates) == (
            "**Reading the seed corpus.** Of the 24 anti-cooperation community-trust hits, 19 come from one text, the "
            "police position statement (*004-police*), which argues that immigrants who fear deportation will not come "
            "forward as victims or witnesses. The ACLU column (*001-malone*) contributes 5. A camp-level contrast built "
            "on two documents, one of which supplies most of the hits, is a contrast between two authors as much as "
            "between two camps."
        )

    def test_nothing_to_say_without_the_frame(self):
        conc = concentration_rows(("crime", "anti-cooperation", 2, 2, 4, "004-police", 3))
        assert narrate.seed_community_concentration(conc, table([])) == ""


class TestSeedCooperationFrames:
    def test_all_of_one_camp_and_some_of_the_other(self):
        coop = company_rows([("cooperation", "anti-cooperation", "community", 8, 8, "trust (4)"),
                             ("cooperation", "pro-cooperation", "interagency", 1, 8, "cooperation with ice (1)")])
        assert narrate.seed_cooperation_frames(coop) == (
            "**Reading the seed corpus.** The word the camps are named after makes the point most plainly. In the "
            "anti-cooperation texts, all 8 uses of *cooperation* sit near community-trust words (trust (4)): the "
            "cooperation of immigrant residents with the police. In the pro-cooperation texts, 1 of 8 uses sits near "
            "inter-agency words (cooperation with ice (1)): the cooperation of local police with ICE. Both camps say "
            "they want cooperation; they mean cooperation between different parties, which a count of the word alone "
            "cannot show."
        )

    def test_nothing_to_say_when_a_camp_lacks_the_frame(self):
        coop = company_rows([("cooperation", "anti-cooperation", "community", 8, 8, "trust (4)")])
        assert narrate.seed_cooperation_frames(coop) == ""


# ======================================================================================== chapter 04


class TestSeedClusterSplit:
    def test_the_two_ice_texts_apart(self):
        chosen = table([{"doc_id": d, "cluster": c} for d, c in
                        [("000-klaassen", 1), ("001-malone", 1), ("002-ice-news", 2), ("003-arie", 2), ("004-police", 1)]])
        assert narrate.seed_cluster_split(chosen) == (
            "**Reading the seed corpus.** The news report on ICE's enforcement action (*002-ice-news*) and the "
            "commentary praising ICE's new program (*003-arie*) form a cluster of their own; the other cluster holds "
            "*000-klaassen*, *001-malone* and *004-police*: two guest opinion columns, one from each camp, and the police "
            "position statement. So the split runs between texts about one ICE operation or program and texts that "
            "argue about local policing policy, across stance. With five documents that is a description of five texts, "
            "not a finding about the camps."
        )

    def test_nothing_to_say_for_another_split(self):
        chosen = table([{"doc_id": d, "cluster": c} for d, c in
                        [("000-klaassen", 2), ("001-malone", 1), ("002-ice-news", 2), ("003-arie", 2), ("004-police", 1)]])
        assert narrate.seed_cluster_split(chosen) == ""
