"""The zh_Hant and zh_Hans catalogues: complete, up to date with the code, compiled, and each in its own words.

Refresh them after changing user-visible text (gettext tools needed; see README, "Translations"):

    python manage.py makemessages -l zh_Hant -l zh_Hans --ignore=tests --ignore=bench --ignore=staticfiles \
        --add-location=file --no-obsolete
    python manage.py compilemessages --ignore=.venv
"""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from adoption.defaults import DEFAULT_TEMPLATES
from adoption.display import DEFAULT_CRITERIA_TEXT

from .pofile import messages, read

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ("zh_Hant", "zh_Hans")
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "zh_Hant",
    "-l",
    "zh_Hans",
    "--ignore=tests",
    "--ignore=bench",
    "--ignore=staticfiles",
    "--add-location=file",
    "--no-obsolete",
]
# Copying the project for makemessages leaves out what is not source.
NOT_SOURCE = {".git", ".venv", ".local", "staticfiles", "test-artifacts", "node_modules", "locale", "tests", "bench"}
# Mainland terms (in either script) that the Taiwan catalogue must not use: 資料 not 數據, 專案 not 项目/項目 for a
# project, 預設 not 默認, 使用者 not 用戶, 訊息/資訊 not 信息, 登入 not 登錄 for signing in.
NOT_TAIWANESE = (
    "數據",
    "数据",
    "项目",
    "默認",
    "默认",
    "用戶",
    "用户",
    "信息",
    "軟件",
    "網絡",
    "质量",
    "質量",
    "視頻",
    "登录",
)
# Characters that exist only in Traditional script: the Simplified catalogue was written, not converted, and has none.
TRADITIONAL_ONLY = set("專資預設檔與們這個會為說將過對時來發開關後從讓實際區應於體項審證驗擴終歐稽簽")


def po(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    entries = messages(po(language))
    assert len(entries) > 500
    untranslated = [key for key, entry in entries.items() if not entry.translated]
    fuzzy = [key for key, entry in entries.items() if "fuzzy" in entry.flags]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    header = next(entry for entry in read(po(language)) if not entry.msgid)
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    with (po(language).with_suffix(".mo")).open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    expected = {}
    for (context, msgid), entry in messages(po(language)).items():
        # gettext files key a message with a context as "context\x04message".
        msgid = f"{context}\x04{msgid}" if context else msgid
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected[(msgid, 0)] = entry.msgstr[0]
    actual = {key: value for key, value in catalog.items() if key != ""}
    stale = sorted(str(key) for key in set(expected) ^ set(actual))
    assert stale == [], f"{language}: django.mo is out of date; run compilemessages ({stale[:5]})"
    assert actual == expected, f"{language}: django.mo is out of date; run compilemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_up_to_date_with_the_code(language, tmp_path):
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        message = "GNU gettext is not installed (apt-get install -y gettext), so makemessages cannot run."
        if os.environ.get("CI"):
            pytest.fail(message + " CI is set: this check may not skip.")
        pytest.skip(message)
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in NOT_SOURCE])
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # Settings must not start the embedded database for a command that never connects.
        "DATABASE_URL": "postgres://nobody@localhost/unused",
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py, fixed arguments)
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = set(messages(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
    committed = set(messages(po(language)))
    missing = sorted(msgid for _context, msgid in fresh - committed)
    extra = sorted(msgid for _context, msgid in committed - fresh)
    assert missing == [], f"{language}: {len(missing)} strings of the code are not in the catalogue: {missing[:10]}"
    assert extra == [], f"{language}: {len(extra)} strings of the catalogue are no longer in the code: {extra[:10]}"


def test_traditional_catalogue_uses_taiwan_terms():
    for (_context, msgid), entry in messages(po("zh_Hant")).items():
        text = "".join(entry.msgstr.values())
        assert not [term for term in NOT_TAIWANESE if term in text], (msgid, text)
    texts = "".join("".join(e.msgstr.values()) for e in messages(po("zh_Hant")).values())
    assert "專案" in texts
    assert "資料" in texts


def test_simplified_catalogue_is_written_in_simplified_script():
    for (_context, msgid), entry in messages(po("zh_Hans")).items():
        text = "".join(entry.msgstr.values())
        assert not (set(text) & TRADITIONAL_ONLY), (msgid, text)


def test_the_default_gate_criteria_can_be_translated():
    for rows in DEFAULT_TEMPLATES.values():
        for code, title, guidance, _kind, _comparator, _threshold, unit, _validity, _waiver in rows:
            assert title in DEFAULT_CRITERIA_TEXT, code
            assert guidance in DEFAULT_CRITERIA_TEXT, code
            assert not unit or unit == "%" or unit in DEFAULT_CRITERIA_TEXT, code


def test_the_regime_catalogue_reads_in_each_language():
    """The shipped regime catalogue is data, not gettext: each of its texts is written in English, 繁體中文 and
    简体中文 (``regimes.engine.text_problems``), the Simplified texts hold no Traditional-only character and the
    Traditional ones keep to Taiwan's terms — except in a mainland instrument's official name, cited as it is."""
    from regimes import engine
    from regimes.catalogue import DISCLAIMER, QUESTIONS, SHIPPED

    texts = [(where, t) for regime in SHIPPED for where, t in engine.regime_texts(regime) if t is not None]
    texts += [*engine.question_texts(QUESTIONS), ("DISCLAIMER", DISCLAIMER)]
    assert len(texts) > 300
    for where, t in texts:
        assert engine.text_problems(where, t) == [], where
        assert not set(t["zh-hans"]) & TRADITIONAL_ONLY, (where, t["zh-hans"])
        if "instrument" not in where:
            text = t["zh-hant"].replace("個人信息保護法", "")  # the mainland's PIPL, cited by its name
            assert not [term for term in NOT_TAIWANESE if term in text], (where, t["zh-hant"])
