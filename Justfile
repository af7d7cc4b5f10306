# Developer shortcuts (https://github.com/casey/just). CI runs .ci/run.
venv := ".venv/bin/"

test:
    {{venv}}python -m pytest

bench:
    {{venv}}python bench/throughput.py --docs 1000

dev-score:
    {{venv}}rasad evaluate --gold ../shared/eval/dev/gold.jsonl --docs ../shared/eval/dev/docs.jsonl --report dev-report.html

manifest:
    {{venv}}python tools/update_manifest.py
