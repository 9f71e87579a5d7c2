"""Commentary written for the seed texts ("Reading the seed corpus"), for every chapter. The notebooks
show it only when :func:`seed_reading_applies` is true: the bundled seed texts, grouped by their
``stance`` labels.
"""

from __future__ import annotations

import pandas as pd

from ..load import is_seed_corpus
from ..report import escape_markdown, join_words, plural, quoted
from ..support import ONE_DOCUMENT
from .wording import first_upper, group_rows, verb

__all__ = [
    "seed_cluster_split",
    "seed_community_concentration",
    "seed_cooperation",
    "seed_cooperation_frames",
    "seed_keyness_lists",
    "seed_question",
    "seed_reading_applies",
    "seed_stance_and_genre",
]


def seed_reading_applies(corpus: pd.DataFrame, label_column: str) -> bool:
    """Whether the commentary written for the seed texts may be shown.

    Only for the bundled seed texts (by content) grouped by their ``stance`` labels: the same
    texts grouped by another column are another comparison, which that commentary does not describe.

    Examples
    --------
    >>> from pathlib import Path
    >>> import corpus_utils as cu
    >>> seed = cu.load_corpus(Path(cu.__file__).parents[2] / "data" / "seed")
    >>> seed_reading_applies(seed, "stance"), seed_reading_applies(seed, "genre")
    (True, False)
    """
    return label_column == "stance" and is_seed_corpus(corpus)


# ======================================================================================== chapter 01

SEED_QUESTION = (
    "**Reading the seed corpus.** The seed texts take sides on one question: when local police are asked "
    "to help federal immigration enforcement (ICE), should they? Some argue that they should: sanctuary "
    "policies, in this view, release criminals and endanger the public (*pro-cooperation*). Others argue "
    "that police should stay out: cooperation, in this view, makes immigrants afraid to report crimes and "
    "erodes community trust (*anti-cooperation*). The essay asks whether the two camps use different "
    "*words*, and whether they foreground different *considerations*."
)


def seed_question() -> str:
    """The debate the seed texts take part in, and the question the essay asks of it.

    Examples
    --------
    >>> seed_question().startswith("**Reading the seed corpus.**")
    True
    """
    return SEED_QUESTION


SEED_STANCE_AND_GENRE = (
    "**Reading the seed corpus.** Stance and genre are tangled here: {genres}. The news report is "
    "pro-cooperation by its sourcing (it quotes only ICE officials), not because its reporter argues a side, "
    "so any contrast between the camps is partly a contrast between genres and authors. Chapter 04 asks "
    "directly whether unsupervised clusters follow stance or genre."
)


def seed_stance_and_genre(documents: pd.DataFrame) -> str:
    """Which genres each stance of the seed corpus holds (seed commentary).

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per document with ``group`` and ``genre``.

    Examples
    --------
    >>> docs = pd.DataFrame({"group": ["a", "a", "b"], "genre": ["news", "blog", "news"]})
    >>> print(seed_stance_and_genre(docs))
    **Reading the seed corpus.** Stance and genre are tangled here: *a*: blog, news; *b*: news. The news report is pro-cooperation by its sourcing (it quotes only ICE officials), not because its reporter argues a side, so any contrast between the camps is partly a contrast between genres and authors. Chapter 04 asks directly whether unsupervised clusters follow stance or genre.
    """
    genres = "; ".join(
        f"{quoted(label)}: {escape_markdown(', '.join(sorted(set(part['genre'].astype(str)))))}"
        for label, part in documents.groupby("group", sort=True)
    )
    return SEED_STANCE_AND_GENRE.format(genres=genres)


# ======================================================================================== chapter 02

SEED_KEYNESS_PRO = (
    "the pro-cooperation lists name the targets and the machinery of enforcement ({words} {verb} among its "
    "top {n}{phrases})"
)
SEED_KEYNESS_PRO_PHRASES = ", and {phrases} {verb} among its top phrases"
SEED_KEYNESS_ANTI = (
    "the anti-cooperation list talks about local government and the people policing depends on ({words} "
    "{verb} among its top {n})"
)
SEED_KEYNESS_BOTH_DOCS = (
    "None of these anti-cooperation words is carried by one document: the ACLU letter and the Bozeman police "
    "statement share their uses; but two documents are still two voices, and the stability check below shows "
    "how quickly such lists change."
)
SEED_KEYNESS_ONE_DOC = (
    "Of these anti-cooperation words, {words} {verb} carried by one document: one of the two anti-cooperation "
    "documents, the ACLU letter and the Bozeman police statement, uses {pronoun} alone or supplies most of {whose} "
    "uses, so {these} one author's habit as much as the camp's. The stability check below shows how quickly such "
    "lists change."
)
SEED_KEYNESS_NONE = (
    "**Reading the seed corpus.** With these settings, none of the words the seed commentary discusses is "
    "among the camps' top lists."
)
_SEED_PRO_WORDS = ("aliens", "custody", "sanctuary")
_SEED_PRO_PHRASES = ("criminal aliens", "sanctuary policies")
_SEED_ANTI_WORDS = ("trust", "fear", "community", "civil")
_ANTI, _PRO = "anti-cooperation", "pro-cooperation"


def _listed(top: pd.DataFrame, group, terms) -> pd.DataFrame:
    part = group_rows(top, group)
    return part[part["term"].isin(terms)].set_index("term").reindex([t for t in terms if t in set(part["term"])])


def seed_keyness_lists(top_words: pd.DataFrame, top_phrases: pd.DataFrame) -> str:
    """What the seed camps' top lists name (seed commentary), said only of the words that are listed.

    Whether an anti-cooperation word is carried by one document is read from the ``support`` column
    (:mod:`corpus_utils.support`), as every chapter reads it.

    Parameters
    ----------
    top_words : pandas.DataFrame
        :func:`corpus_utils.keyness.stability` of the words' log-odds table of the seed corpus by
        stance (the top words with their ``support``).
    top_phrases : pandas.DataFrame
        :func:`corpus_utils.keyness.top_terms` of the phrases' log-odds table.

    Examples
    --------
    >>> top = pd.DataFrame({"term": ["sanctuary"], "group": ["pro-cooperation"], "docs_b": [3]})
    >>> top.attrs = {"groups": ["anti-cooperation", "pro-cooperation"], "comparison": "pair"}
    >>> print(seed_keyness_lists(top, top.head(0)))
    **Reading the seed corpus.** The pro-cooperation lists name the targets and the machinery of enforcement (*sanctuary* is among its top 1 word).
    """
    pro = _listed(top_words, _PRO, _SEED_PRO_WORDS)
    pro_phrases = _listed(top_phrases, _PRO, _SEED_PRO_PHRASES)
    anti = _listed(top_words, _ANTI, _SEED_ANTI_WORDS)
    clauses = []
    if len(pro):
        phrases = ""
        if len(pro_phrases):
            phrases = SEED_KEYNESS_PRO_PHRASES.format(phrases=join_words(pro_phrases.index, quote="*"),
                                                      verb=verb(len(pro_phrases), "is", "are"))
        clauses.append(SEED_KEYNESS_PRO.format(words=join_words(pro.index, quote="*"), verb=verb(len(pro), "is", "are"),
                                               n=plural(len(group_rows(top_words, _PRO)), "word"), phrases=phrases))
    if len(anti):
        clauses.append(SEED_KEYNESS_ANTI.format(words=join_words(anti.index, quote="*"),
                                                verb=verb(len(anti), "is", "are"), n=len(group_rows(top_words, _ANTI))))
    if not clauses:
        return SEED_KEYNESS_NONE
    opening = ", while ".join(clauses)
    text = "**Reading the seed corpus.** " + opening[0].upper() + opening[1:] + "."
    if len(anti):
        one_doc = anti.index[anti["support"] == ONE_DOCUMENT].tolist()
        if one_doc:
            n = len(one_doc)
            text += " " + SEED_KEYNESS_ONE_DOC.format(
                words=join_words(one_doc, quote="*"), verb=verb(n, "is", "are"), pronoun=verb(n, "it", "them"),
                whose=verb(n, "its", "their"), these=verb(n, "it is", "they are"))
        else:
            text += " " + SEED_KEYNESS_BOTH_DOCS
    return text


SEED_COOPERATION = (
    "**Reading the seed corpus.** The anti-cooperation documents use *cooperation* {uses_anti} and the "
    "pro-cooperation documents {uses_pro}; for their length, the anti-cooperation documents use it {more} "
    "({rate_anti:.1f} against {rate_pro:.1f} uses per 1,000 words counted, {stops}). Its z of "
    "{z:.2f} does not set it apart: it is shared ground, but not about the same thing. {sides} The "
    "concordance lines below let you check."
)
SEED_COOPERATION_ANTI = "On the anti-cooperation side its closest neighbours are {neighbours}{reading}."
SEED_COOPERATION_ANTI_READING = ": the cooperation of immigrant residents with the police, which enforcement would cost"
SEED_COOPERATION_PRO = "On the pro-cooperation side {which} {neighbours}{reading}."
SEED_COOPERATION_PRO_READING = ": the cooperation of local jurisdictions with ICE, which sanctuary policies prevent"
SEED_COOPERATION_ABSENT = (
    "**Reading the seed corpus.** With these settings *cooperation* is not among the contested terms, so its "
    "two meanings are not compared here."
)


def seed_cooperation(contested: pd.DataFrame, company: pd.DataFrame) -> str:
    """*cooperation* in the two seed camps: its rates and the company it keeps (seed commentary).

    Parameters
    ----------
    contested : pandas.DataFrame
        :func:`corpus_utils.keyness.contested_terms` of the seed corpus by stance (``rate_a``,
        ``rate_b``).
    company : pandas.DataFrame
        :func:`corpus_utils.context.collocates` of the contested words.

    Examples
    --------
    >>> print(seed_cooperation(pd.DataFrame({"term": []}), pd.DataFrame({"term": []})))
    **Reading the seed corpus.** With these settings *cooperation* is not among the contested terms, so its two meanings are not compared here.
    """
    rows = contested[contested["term"] == "cooperation"]
    if rows.empty:
        return SEED_COOPERATION_ABSENT
    row = rows.iloc[0]
    if contested.attrs.get("comparison") == "pair":
        side = {g: s for g, s in zip(contested.attrs["groups"], "ab")}
    else:  # one camp against the rest, which in the seed corpus is the other camp
        side = {row["group"]: "a", ({_ANTI, _PRO} - {row["group"]}).pop(): "b"}
    uses = {g: int(row[f"count_{s}"]) for g, s in side.items()}
    rate = {g: float(row[f"rate_{s}"]) for g, s in side.items()}
    near = {g: company.loc[(company["term"] == "cooperation") & (company["group"] == g), "collocate"].head(5).tolist()
            for g in (_ANTI, _PRO)}
    sides = []
    if near[_ANTI]:
        reading = SEED_COOPERATION_ANTI_READING if {"trust", "immigrant"} & set(near[_ANTI]) else ""
        sides.append(SEED_COOPERATION_ANTI.format(neighbours=join_words(near[_ANTI], quote="*"), reading=reading))
    if near[_PRO]:
        reading = SEED_COOPERATION_PRO_READING if {"jurisdictions", "ice"} & set(near[_PRO]) else ""
        which = "they are" if near[_ANTI] else "its closest neighbours are"
        sides.append(SEED_COOPERATION_PRO.format(which=which, neighbours=join_words(near[_PRO], quote="*"),
                                                 reading=reading))
    more = "more often" if rate[_ANTI] > rate[_PRO] else ("less often" if rate[_ANTI] < rate[_PRO] else "as often")
    return SEED_COOPERATION.format(
        uses_anti=plural(uses[_ANTI], "time"), uses_pro=plural(uses[_PRO], "time"), more=more,
        rate_anti=rate[_ANTI], rate_pro=rate[_PRO], z=abs(float(row["score"])), sides=" ".join(sides),
        stops="every word counted" if contested.attrs.get("dtm_settings", {}).get("n_stop_words") == 0
        else "stop words left out",
    )


# ======================================================================================== chapter 03

SEED_COMMUNITY = (
    "**Reading the seed corpus.** Of the {hits} anti-cooperation community-trust hits, {top} come from one text, {who} "
    "(*{doc}*){why}. {other}A camp-level contrast built on two documents, one of which supplies most of the hits, is a "
    "contrast between two authors as much as between two camps."
)
_SEED_DOCS = {
    "000-klaassen": ("the U.S. Attorney's guest column", ""),
    "001-malone": ("the ACLU column", ", which urges sheriffs to decline detainer requests and 287(g) agreements"),
    "002-ice-news": ("the news report on ICE's enforcement action", ""),
    "003-arie": ("the commentary praising ICE's new program", ""),
    "004-police": ("the police position statement",
                   ", which argues that immigrants who fear deportation will not come forward as victims or witnesses"),
}


def seed_community_concentration(concentration: pd.DataFrame, rates: pd.DataFrame) -> str:
    """Seed commentary: the anti-cooperation community-trust hits and the one text behind most of them.

    Parameters
    ----------
    concentration : pandas.DataFrame
        From :func:`corpus_utils.frame.concentration` on the seed corpus.
    rates : pandas.DataFrame
        From :func:`corpus_utils.frame.frame_rates` (the other document's hits).

    Returns
    -------
    str
        Empty when the table has no anti-cooperation community-trust hit (another lexicon).
    """
    row = concentration[(concentration["frame"] == "community") & (concentration["group"] == "anti-cooperation")]
    if row.empty or int(row["hits"].iloc[0]) == 0:
        return ""
    row = row.iloc[0]
    who, why = _SEED_DOCS.get(row["top_doc"], ("a text of the camp", ""))
    others = rates[(rates["frame"] == "community") & (rates["group"] == "anti-cooperation") & (rates["doc_id"] != row["top_doc"])]
    other = "".join(
        f"{first_upper(_SEED_DOCS.get(d, ('the other text', ''))[0])} (*{d}*) contributes {int(h):,}. "
        for d, h in others[["doc_id", "hits"]].itertuples(index=False)
    )
    return SEED_COMMUNITY.format(hits=int(row["hits"]), top=int(row["top_hits"]), who=who, doc=row["top_doc"], why=why, other=other)


SEED_COOPERATION_FRAMES = (
    "**Reading the seed corpus.** The word the camps are named after makes the point most plainly. In the "
    "anti-cooperation texts, {anti} of *cooperation* {anti_verb} near community-trust words ({anti_nearby}): the "
    "cooperation of immigrant residents with the police. In the pro-cooperation texts, {pro} {pro_verb} near inter-agency "
    "words ({pro_nearby}): the cooperation of local police with ICE. Both camps say they want cooperation; they mean "
    "cooperation between different parties, which a count of the word alone cannot show."
)


def _uses(k: int, n: int) -> tuple[str, str]:
    """("all 8 uses", "sit"), ("4 of 8 uses", "sit"), ("1 of 8 uses", "sits"), ("its one use", "sits")."""
    if n == 1:
        return "its one use", "sits"
    if k == n:
        return f"all {n:,} uses", "sit"
    return f"{k:,} of {n:,} uses", verb(k, "sits", "sit", none_singular=False)


def seed_cooperation_frames(cooperation: pd.DataFrame) -> str:
    """Seed commentary: *cooperation* near community-trust words in one camp, inter-agency words in the other.

    Parameters
    ----------
    cooperation : pandas.DataFrame
        :func:`corpus_utils.frame.word_frames` of ``"cooperation"`` on the seed corpus.

    Returns
    -------
    str
        Empty if either camp lacks the row (another lexicon or window).
    """
    anti = cooperation[(cooperation["group"] == "anti-cooperation") & (cooperation["frame"] == "community")]
    pro = cooperation[(cooperation["group"] == "pro-cooperation") & (cooperation["frame"] == "interagency")]
    if anti.empty or pro.empty:
        return ""
    (anti_n, anti_verb), (pro_n, pro_verb) = (_uses(int(t["occurrences"].iloc[0]), int(t["total"].iloc[0])) for t in (anti, pro))
    return SEED_COOPERATION_FRAMES.format(anti=anti_n, anti_verb=anti_verb, anti_nearby=escape_markdown(anti["nearby"].iloc[0]),
                                   pro=pro_n, pro_verb=pro_verb, pro_nearby=escape_markdown(pro["nearby"].iloc[0]))


# ======================================================================================== chapter 04

SEED_CLUSTER_SPLIT = (
    "**Reading the seed corpus.** The news report on ICE's enforcement action (*002-ice-news*) and the commentary praising "
    "ICE's new program (*003-arie*) form a cluster of their own; the other cluster holds {rest}: two guest opinion columns, "
    "one from each camp, and the police position statement. So the split runs between texts about one ICE operation or "
    "program and texts that argue about local policing policy, across stance. With five documents that is a description "
    "of five texts, not a finding about the camps."
)
_ICE_PAIR = {"002-ice-news", "003-arie"}


def seed_cluster_split(assignments: pd.DataFrame) -> str:
    """Seed commentary: the two texts about ICE's operation and program cluster apart, across stance.

    Parameters
    ----------
    assignments : pandas.DataFrame
        The chosen clustering of the seed corpus (``doc_id, cluster``).

    Returns
    -------
    str
        Empty unless the two ICE texts form a cluster of their own.
    """
    members = assignments.groupby("cluster")["doc_id"].agg(lambda s: frozenset(s))
    if not any(m == _ICE_PAIR for m in members):
        return ""
    rest = sorted(set(assignments["doc_id"]) - _ICE_PAIR)
    return SEED_CLUSTER_SPLIT.format(rest=join_words(rest, quote="*"))
