"""Fill empty msgstr entries of .po files from a Python dict of German translations.

Usage: python scripts/fill_po.py TRANSLATIONS.py app/locale/de/LC_MESSAGES/django.po …
The translations file defines DE = {msgid: msgstr}. Existing translations are kept.
"""

import re
import runpy
import sys


def fill(path, translations):
    with open(path, encoding="utf-8") as po:
        text = po.read()

    def replace(match):
        msgid = match.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if msgid in translations:
            return f'msgid "{match.group(1)}"\nmsgstr "{translations[msgid]}"'
        return match.group(0)

    text = re.sub(r'msgid "((?:[^"\\]|\\.)+)"\nmsgstr ""(?!\n")', replace, text)
    text = text.replace("#, fuzzy\n", "", 1)
    with open(path, "w", encoding="utf-8") as po:
        po.write(text)
    missing = re.findall(r'msgid "((?:[^"\\]|\\.)+)"\nmsgstr ""\n', text)
    return missing


if __name__ == "__main__":
    translations = runpy.run_path(sys.argv[1])["DE"]
    for po in sys.argv[2:]:
        for msgid in fill(po, translations):
            print(f"{po}: untranslated {msgid!r}")
