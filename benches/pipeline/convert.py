"""The conversion step of a per-file typst + pandoc pipeline, the way a group could script
its motions without `motion`: every motion file of an archive (merged over the
`defaults.toml` of its folders) becomes NAME.json, read by a plain typst page
(motion.typ), and NAME.md, for pandoc. No validation, no typography, no index: only what
it takes to get three documents out of each file. Usage: convert.py ARCHIVE WORK"""

import json
import pathlib
import sys
import tomllib

archive, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
work.mkdir(parents=True, exist_ok=True)


def merged(path):
    data = {}
    for folder in reversed(path.relative_to(archive).parents):
        defaults = archive / folder / "defaults.toml"
        if defaults.exists():
            data.update(tomllib.loads(defaults.read_text()))
    data.update(tomllib.loads(path.read_text()))
    return data


def markdown(text):
    # Every ASCII punctuation mark escaped: the text prints literally.
    return "".join("\\" + c if c.isascii() and not c.isalnum() and c != " " else c for c in text)


def paragraphs(value):
    if isinstance(value, dict):
        value = value.get("items", [])
    return [value] if isinstance(value, str) else list(value)


count = 0
for path in sorted(archive.rglob("*.toml")):
    if path.name == "defaults.toml":
        continue
    data = merged(path)
    authors = data.get("authors", {})
    names = paragraphs(authors.get("persons", [])) + paragraphs(authors.get("groups", []))
    motion = {
        "title": data.get("title", ""),
        "authors": names,
        "considerants": paragraphs(data.get("considerants", [])),
        "request": paragraphs(data.get("request", data.get("amendment", {}).get("changes", []))),
        "council": data.get("session", {}).get("council", ""),
    }
    name = "-".join(path.relative_to(archive).with_suffix("").parts)
    (work / f"{name}.json").write_text(json.dumps(motion, ensure_ascii=False))
    lines = [f"# {markdown(motion['title'])}", "", f"*{markdown(', '.join(names))}*", ""]
    lines += [markdown(p) + "\n" for p in motion["considerants"]]
    lines += ["**Demande :**", ""]
    lines += [markdown(p) + "\n" for p in motion["request"]]
    (work / f"{name}.md").write_text("\n".join(lines))
    count += 1
print(count)
