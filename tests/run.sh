#!/usr/bin/env bash
# The one quality script people and CI both run: installs what is missing, then lint (ruff), unit and
# AppTest tests, then the browser tests in Debian's chromium. Every step runs even if an earlier one
# failed, so one run shows everything; the exit code is non-zero on any failure. Browser tests must
# actually run: none executed, or any skipped, is a failure. The last line is the summary CI reads.
# Test reports and screenshots go to artifacts/ (CI keeps that folder).
set -uo pipefail
cd "$(dirname "$0")/.."

VENV=${COOPDATA_VENV:-.venv}
# A hung test fails alone after TEST_TIMEOUT seconds (pytest-timeout) and the run goes on; RUN_TIMEOUT ends a
# whole pytest run that still hangs. Both are generous: on a slow shared machine the browser tests alone have
# taken 13 minutes (BENCHMARKS.md notes the machine), and two runs of RUN_TIMEOUT stay within CI's 90 minutes.
TEST_TIMEOUT=${COOPDATA_TEST_TIMEOUT:-300}
RUN_TIMEOUT=${COOPDATA_RUN_TIMEOUT:-2100}
START=$(date +%s)

die() { echo "$*" >&2; echo "0 passed, 1 failed (setup failed: $*)"; exit 1; }

echo "== install"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || die "cannot create the virtual environment $VENV"
fi
if [ -z "${COOPDATA_NO_INSTALL:-}" ]; then  # set it to reuse a shared venv as it is
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test,postgresql]' \
    || die "pip install -e .[test,postgresql] failed"
fi

# Browser tests use Debian's chromium (Playwright cannot download its own browser here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; } \
      || die "apt-get install chromium failed"
  else
    die "Debian's chromium is missing: run 'sudo apt-get install chromium' and try again"
  fi
fi

# The store tests run on a real PostgreSQL too (tests/postgres.py starts a throwaway cluster): Debian's binaries.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } \
      || die "apt-get install postgresql failed"
  else
    die "Debian's postgresql is missing: run 'sudo apt-get install postgresql' and try again"
  fi
fi

# The two-server browser test puts Debian's nginx in front of two app servers (tests/e2e/proxy.py runs it).
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ]; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; } \
      || die "apt-get install nginx failed"
  else
    die "Debian's nginx is missing: run 'sudo apt-get install nginx' and try again"
  fi
fi

rm -rf artifacts/junit-*.xml artifacts/screenshots
mkdir -p artifacts
status=0

echo "== lint (ruff)"
lint=ok
"$VENV/bin/ruff" check . || { lint=FAILED; status=1; }

PYTEST=(timeout "$RUN_TIMEOUT" "$VENV/bin/python" -m pytest -q -rsx -p no:cacheprovider --timeout "$TEST_TIMEOUT")

echo "== unit and AppTest tests"
# On two processes (pytest-xdist): these tests are independent (each makes its own folders and databases).
"${PYTEST[@]}" -n 2 -m "not e2e" --junitxml=artifacts/junit-main.xml || status=1

echo "== browser tests (Playwright, Debian chromium)"
"${PYTEST[@]}" -m e2e --junitxml=artifacts/junit-e2e.xml || status=1

# Count outcomes from the JUnit reports (xfail is a JUnit "skipped" of type pytest.xfail: told apart).
"$VENV/bin/python" - "$lint" "$(( $(date +%s) - START ))" <<'EOF' || status=1
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

lint, seconds = sys.argv[1], int(sys.argv[2])


def outcomes(report: Path) -> Counter:
    counts = Counter()
    if not report.exists():
        counts["failed"] += 1  # pytest did not even write its report (crash or timeout)
        return counts
    for case in ET.parse(report).iter("testcase"):
        kinds = {child.tag: child.get("type", "") for child in case}
        if "failure" in kinds or "error" in kinds:
            counts["failed"] += 1
        elif kinds.get("skipped") == "pytest.xfail":
            counts["xfailed"] += 1
        elif "skipped" in kinds:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
    return counts


main, e2e = outcomes(Path("artifacts/junit-main.xml")), outcomes(Path("artifacts/junit-e2e.xml"))
total = main + e2e
executed = e2e["passed"] + e2e["failed"] + e2e["xfailed"]
problems = []
if executed == 0:
    problems.append("no browser test was executed")
if e2e["skipped"]:
    problems.append(f"{e2e['skipped']} browser test(s) skipped")
if lint != "ok":
    problems.append("lint failed")
if total["failed"]:
    problems.insert(0, f"{total['failed']} test(s) failed")
print(f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped, {total['xfailed']} xfailed; "
      f"browser tests executed: {executed}; lint: {lint}; {seconds} s; "
      + (f"FAILED: {'; '.join(problems)}" if problems else "OK"))
sys.exit(1 if problems else 0)
EOF
exit $status
