#!/usr/bin/env python3
"""Checks that docs/scenario.schema.json agrees with redcast's scenario loader.

Usage: check_schema.py REDCAST_BINARY [PROJECT_ROOT]

  - the schema is a valid draft 2020-12 schema;
  - every component type `redcast types` lists has an if/then block in $defs/component (and the
    "type" enum lists exactly those types), and an invalid/<type>-unknown-field.json case;
  - every scenarios/**/*.json validates;
  - every tests/schema/valid/*.json validates AND the loader accepts it (`redcast project` exits 0);
  - every tests/schema/invalid/*.json (a small scenario with one mistake, named in its "$comment")
    fails the schema AND the loader rejects it (exit 2, bad input).

Needs python3-jsonschema (Debian's package; scripts/install-deps test). When the python3 on PATH
lacks it and /usr/bin/python3 has it, the script runs itself again with /usr/bin/python3.
Prints one line per failure and a final `schema: N passed, M failed`; exits 1 on any failure.
"""
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    system = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system) \
            and os.environ.get("REDCAST_SCHEMA_REEXEC") != "1":
        os.environ["REDCAST_SCHEMA_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    print("FAIL: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    print("schema: 0 passed, 1 failed")
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", ".."))
    here = os.path.join(root, "tests", "schema")
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: " + what)

    def rel(path):
        return os.path.relpath(path, root)

    def load(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    def loader_exit(path):
        try:
            r = subprocess.run([binary, "project", path, "--format", "json"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=120, cwd=root)
        except subprocess.TimeoutExpired:
            return None, "timed out"
        return r.returncode, r.stderr.decode("utf-8", "replace").strip()

    schema = load(os.path.join(root, "docs", "scenario.schema.json"))
    Validator = jsonschema.Draft202012Validator
    try:
        Validator.check_schema(schema)
        check(True, "")
    except jsonschema.exceptions.SchemaError as e:
        check(False, "docs/scenario.schema.json is not a valid draft 2020-12 schema: " + e.message)
        print(f"schema: {passed} passed, {failed} failed")
        return 1
    validator = Validator(schema)

    def schema_errors(doc):
        return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))

    def describe(err):
        where = "/" + "/".join(str(p) for p in err.absolute_path)
        return f"{where}: {err.message[:200]}"

    # Component types: the CLI's list against the schema's.
    r = subprocess.run([binary, "types"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    types = [line.split()[0] for line in r.stdout.decode().splitlines() if line.strip()]
    check(r.returncode == 0 and types, f"`redcast types` failed or listed nothing (exit {r.returncode})")
    component = schema.get("$defs", {}).get("component", {})
    blocks = {}
    for block in component.get("allOf", []):
        const = block.get("if", {}).get("properties", {}).get("type", {}).get("const")
        if const is not None and "then" in block:
            blocks[const] = block["then"]
    for t in types:
        check(t in blocks, f"component type {t} has no if/then block in $defs/component")
        check(os.path.exists(os.path.join(here, "invalid", t + "-unknown-field.json")),
              f"component type {t} has no tests/schema/invalid/{t}-unknown-field.json")
    for t in blocks:
        check(t in types, f"the schema has an if/then block for {t}, which `redcast types` does not list")
    enum = component.get("properties", {}).get("type", {}).get("enum")
    check(enum is not None and sorted(enum) == sorted(types),
          f"$defs/component/properties/type/enum {enum} differs from `redcast types` {types}")

    # The project's scenarios: all must validate.
    scenarios = sorted(glob.glob(os.path.join(root, "scenarios", "**", "*.json"), recursive=True))
    check(scenarios, "no scenarios/**/*.json found")
    for path in scenarios:
        errs = schema_errors(load(path))
        check(not errs, f"{rel(path)} fails the schema: " + "; ".join(describe(e) for e in errs[:3]))

    # Valid cases: the schema and the loader both accept them.
    valid = sorted(glob.glob(os.path.join(here, "valid", "*.json")))
    check(valid, "no tests/schema/valid/*.json found")
    for path in valid:
        errs = schema_errors(load(path))
        check(not errs, f"{rel(path)} fails the schema: " + "; ".join(describe(e) for e in errs[:3]))
        code, err = loader_exit(path)
        check(code == 0, f"{rel(path)}: the loader rejects it (exit {code}): {err[:300]}")

    # Invalid cases: the schema and the loader both reject them.
    invalid = sorted(glob.glob(os.path.join(here, "invalid", "*.json")))
    check(invalid, "no tests/schema/invalid/*.json found")
    for path in invalid:
        doc = load(path)
        check(not validator.is_valid(doc), f"{rel(path)} passes the schema but should fail ({doc.get('$comment', '')})")
        code, err = loader_exit(path)
        check(code == 2, f"{rel(path)}: the loader exits {code}, want 2 ({doc.get('$comment', '')}): {err[:300]}")

    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
