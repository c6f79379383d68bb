"""Recognisers for the lines web pages and PDFs add around an article."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
)
_DATE_LINE_PREFIX = re.compile(
    r"^(?:(?:published|posted|updated|date)\s*(?:on)?:?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?",
    re.I,
)

SHARE_WORDS = frozenset(
    [
        "facebook",
        "twitter",
        "x",
        "instagram",
        "youtube",
        "linkedin",
        "reddit",
        "whatsapp",
        "telegram",
        "email",
        "e-mail",
        "mail",
        "print",
        "share",
        "tweet",
        "pinterest",
        "tumblr",
        "mastodon",
        "bluesky",
        "threads",
        "tiktok",
        "flipboard",
        "pocket",
        "copy",
        "link",
        "rss",
        "this",
        "on",
        "via",
    ]
)
_SHARE_SPLIT = re.compile(r"[\s|·•,/:]+")

_COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|\d+ (?:comments?|responses?)"
    r"|comments? (?:are )?closed|cancel reply|post comment|submit comment"
    r"|your email address will not be published|required fields are marked"
    r"|save my name, email, and website|notify me of (?:new|follow-up))",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|story by)\s+(?P<name>[^\d|•]{2,80}?)\s*$", re.I)
_SOURCE_LINE = re.compile(
    r"^from the .{0,60}?\b(?:issue|edition) of (?P<source>.{2,80}?)\.?$"
    r"|^source:\s*(?P<source2>.{2,80}?)\.?$",
    re.I,
)
_ORIGINALLY_PUBLISHED = re.compile(
    r"^(?i:this article was )?(?i:originally published)\b.*\bin (?P<source>[A-Z][^.]{1,80}?)\.?$"
)
_AUTHOR_BIO = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]+(?: (?:de|da|del|van|von|la|le|[A-Z][\w'’.-]+)){1,3})"
    r" (?:is|was|works as) (?:an?|the) "
)
_PHOTO_CREDIT = re.compile(
    r"^(?:photo|image|picture|illustration|cover photo|featured image)s?"
    r"(?: credit)?(?: by)?\s*[:\-–—]|^(?:photo|image) by ",
    re.I,
)
_NAME_LINE = re.compile(r"^[A-Z][\w'’.&-]*(?: (?:of|de|la|the|&|[A-Z][\w'’.&-]*)){0,4}$")


def _plain(text: str) -> str:
    """Text with no-break spaces as plain spaces, stripped: what the patterns expect."""
    return text.replace("\u00a0", " ").strip()


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, or None."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(_plain(text)):
            groups = match.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
            try:
                return date(int(groups["year"]), month, int(groups["day"])).isoformat()
            except ValueError:
                continue
    return None


def is_date_line(text: str) -> bool:
    """The whole line is a date, possibly with 'Published'/'Updated' or a weekday before it."""
    rest = _DATE_LINE_PREFIX.sub("", _plain(text))
    return any(pattern.fullmatch(rest.rstrip(".")) for pattern in _DATE_PATTERNS)


def is_share_line(text: str) -> bool:
    """A line made only of social-network names and share words."""
    if len(text) > 200:
        return False
    tokens = [t for t in _SHARE_SPLIT.split(_plain(text).lower()) if t]
    if not tokens or len(tokens) > 12:
        return False
    named = sum(
        t in SHARE_WORDS and t not in {"this", "on", "via", "x", "copy", "link"} for t in tokens
    )
    return named >= 1 and all(t in SHARE_WORDS for t in tokens)


def is_comment_form(text: str) -> bool:
    """A line of a blog's comment form ("Leave a Reply", "Required fields are marked *")."""
    return bool(_COMMENT_FORM.match(_plain(text)))


def byline(text: str) -> str | None:
    """The name in a "by Jane Doe" line, when it is a person's name (or several): "by Ewood
    Park" or "by Howl's Moving Castle" is the end of a sentence, not a byline."""
    match = _BYLINE.match(_plain(text))
    if not match:
        return None
    name = match.group("name").strip()
    return name if is_person_name(name) else None


_NAME_PARTICLES = frozenset({"de", "da", "del", "della", "di", "van", "von", "der", "den",
                             "la", "le", "bin", "al", "du", "dos", "y"})  # fmt: skip
_NOT_NAME_WORDS = frozenset(
    {"park", "castle", "plus", "stadium", "road", "street", "hall", "centre", "center",
     "arena", "theatre", "theater", "house", "square", "bridge", "tower", "club", "united",
     "city", "news", "tv", "online", "press", "times", "post", "one", "two", "channel",
     "radio", "network", "group", "ltd", "inc", "staff", "reporter", "correspondent"}
)  # fmt: skip
_NOT_IN_NAMES = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that",
     "these", "those", "how", "why", "what", "when", "where", "who", "in", "on", "at", "for",
     "from", "with", "is", "are", "was", "were", "to", "of", "or", "but", "not", "no", "new",
     "all", "it", "we", "they", "you", "i"}
)  # fmt: skip
"""Words that start sentences and titles but are never part of a person's name."""
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]?\.|[A-ZÀ-Þ][\w'’-]*[a-zà-ÿ][\w'’-]*|[A-Z]{2,3})$")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")


def is_person_name(text: str) -> bool:
    """Two to four capitalised words (initials and particles allowed), or a list of such
    names; never a possessive, a venue or a product."""
    names = [part for part in _NAME_SPLIT.split(text) if part]
    if not names:
        return False
    for name in names:
        words = name.split()
        proper = [w for w in words if w.lower() not in _NAME_PARTICLES]
        if not 2 <= len(words) <= 5 or not 2 <= len(proper) <= 4:
            return False
        if not all(_NAME_WORD.match(w) for w in proper):
            return False
        if any(
            w.endswith(("'s", "’s")) or w.lower() in _NOT_NAME_WORDS or w.lower() in _NOT_IN_NAMES
            for w in words
        ):
            return False
    return True


def source_line(text: str) -> str | None:
    """The publication in "From the May issue of X" or "Source: X"."""
    match = _SOURCE_LINE.match(_plain(text))
    if not match:
        return None
    return (match.group("source") or match.group("source2")).strip()


def originally_published_in(text: str) -> str | None:
    """The publication in "Originally published ... in X"."""
    match = _ORIGINALLY_PUBLISHED.match(_plain(text))
    return match.group("source").strip() if match else None


def author_from_bio(text: str) -> str | None:
    """The name at the start of an author bio ("Jane Doe is a reporter at ...")."""
    match = _AUTHOR_BIO.match(_plain(text))
    return match.group("name") if match else None


def is_photo_credit(text: str) -> bool:
    """A caption credit such as "Photo by X: https://..."."""
    return bool(_PHOTO_CREDIT.match(_plain(text))) and len(text) <= 300


def is_name_line(text: str) -> bool:
    """A short line that is only a name (a person, a publication): capitalised, no digits."""
    stripped = _plain(text)
    return len(stripped) <= 40 and bool(_NAME_LINE.match(stripped))
