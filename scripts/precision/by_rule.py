"""Tally every judged finding in docs/precision.md by rule: how many were worth acting on, not worth
it, or wrong, over every sample (or the newest N with --newest N). The counts that decided which
rules are on by default (docs/severity.md: the secrets rules that guess went opt-in on them).

  python3 scripts/precision/by_rule.py [--newest N] [--min M] [PATH]

Prints a Markdown table, rules with the most findings not worth acting on first; --min M leaves out
rules judged fewer than M times.
"""
import collections, re, sys

args = sys.argv[1:]
newest = None
minimum = 1
path = 'docs/precision.md'
while args:
    a = args.pop(0)
    if a == '--newest':
        newest = int(args.pop(0))
    elif a == '--min':
        minimum = int(args.pop(0))
    else:
        path = a

row = re.compile(r'\| \d+ \| [^|]+ \| [^|]+ \| ([A-Z0-9]+?\d{3}) \| (\w+) \| .* \| \*\*(act|not-worth|wrong)\*\* \|')
tally = collections.defaultdict(collections.Counter)
samples = 0
for line in open(path, encoding='utf-8'):
    if line.startswith('## ') and 'sample' in line.lower():
        samples += 1
    if newest is not None and samples > newest:
        break
    m = row.match(line)
    if m:
        code, severity, verdict = m.groups()
        tally[code][verdict] += 1
        tally[code]['error' if severity == 'error' else 'other'] += 1

print('| rule | judged | act | not worth it | wrong | of them errors |')
print('|---|---|---|---|---|---|')
for code, c in sorted(tally.items(), key=lambda kv: -(kv[1]['not-worth'] + kv[1]['wrong'])):
    n = c['act'] + c['not-worth'] + c['wrong']
    if n < minimum:
        continue
    print(f"| {code} | {n} | {c['act']} | {c['not-worth']} | {c['wrong']} | {c['error']} |")
