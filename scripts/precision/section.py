"""Write a judged sample's section of docs/precision.md (to DIR/section.md): the set-up, the figures
(population estimate weighted by stratum), the repositories and every judged finding.

  python3 scripts/precision/section.py DIR TITLE INTRO COMMIT SEED CAUSES RESCORE

DIR is laid out as for sample.py and rescore.py; DIR/repos.txt lists `dir sha date [owner/name]`.
"""
import csv,json,collections,glob,sys,datetime,os
base,title,intro,commit,seed,causes,rescore=sys.argv[1:8]
names={}
S=json.load(open(f'{base}/sample.json'))
rows=[]
for f in sorted(glob.glob(f'{base}/judge/j*.tsv')):
    rows+=list(csv.DictReader(open(f),delimiter='\t',quoting=csv.QUOTE_NONE))
dom=lambda c: ''.join(ch for ch in c if ch.isalpha())
def pct(c,n): return f"{c} ({100*c/n:.0f} %)" if n else "0"
def line(label,rs):
    c=collections.Counter(d['verdict'] for d in rs); n=len(rs)
    return f"| {label} | {n} | {pct(c['act'],n)} | {pct(c['not-worth'],n)} | {pct(c['wrong'],n)} |"
strata=S['strata']; samp=collections.Counter('%s/%s'%(dom(d['code']),d['severity']) for d in rows if d['severity']!='error')
w=collections.Counter(); tot=0
# Errors weigh 1 (a census), or, where sample.py capped a repository's rule (CAP_ERR), for the
# errors of that rule and repository they stand for.
estrata=S.get('error_strata',{}); esamp=collections.Counter(f"{d['repo']}|{d['code']}" for d in rows if d['severity']=='error')
for d in rows:
    k=f"{d['repo']}|{d['code']}"
    wt=(estrata.get(k,esamp[k])/esamp[k]) if d['severity']=='error' else strata['%s/%s'%(dom(d['code']),d['severity'])]/samp['%s/%s'%(dom(d['code']),d['severity'])]
    w[d['verdict']]+=wt; tot+=wt
repos={}
for l in open(f'{base}/repos.txt'):
    p=l.split()
    if len(p)>=3: repos[p[0]]=(p[1],p[2])
    if len(p)>=4: names[p[0]]=p[3]
pop=collections.Counter(); sev=collections.Counter()
for n in repos:
    fs=json.load(open(f'{base}/{n}.json'))['findings']; pop[n]=len(fs); sev.update(x['severity'] for x in fs)
sampled=collections.Counter(d['repo'] for d in rows)
nerr=sum(1 for d in rows if d['severity']=='error')
out=[];P=out.append
P(f"## {title}\n"); P(intro+"\n")
P("| | |\n|---|---|"); P(f"| date | {datetime.date.today().isoformat()} |")
P(f"| shipshape | `{commit}`, `cargo build --release -p shipshape` |")
P("| run | `shipshape check --format json --exit-zero .` in each checkout; default rules, no config; no crash |")
P(f"| population | {sum(pop.values())} default findings: " + ", ".join(f"{sev[k]} {k}" for k in ['error','warning','info'] if sev[k]) + " |")
ecap=sum(estrata.values())-nerr if estrata else 0
P(f"| sample | every error (census, {nerr}" + (f"; {ecap} more of one repository's rule stood for by those drawn" if ecap>0 else "") + f") + {len(rows)-nerr} warnings/infos by (domain, severity) strata, at most {os.environ.get('CAP_CODE','20')} per rule and {os.environ.get('CAP_REPO','32')} per repository, seed **{seed}**: **{len(rows)}** |")
P(""); P("| group | judged | act | not-worth | wrong |\n|---|---|---|---|---|"); P(line('**sample**',rows))
for s in ['error','warning','info']:
    rs=[d for d in rows if d['severity']==s]
    if rs: P(line(s+(' (census)' if s=='error' else ''),rs))
P(f"\nPopulation estimate: **{100*w['act']/tot:.1f} % act, {100*w['not-worth']/tot:.1f} % not-worth, {100*w['wrong']/tot:.1f} % wrong**. Targets: **{'met' if w['act']/tot>=0.9 and w['wrong']/tot<=0.03 and not any(d['severity']=='error' and d['verdict']=='wrong' for d in rows) else 'missed'}**.\n")
P(causes+"\n"); P(rescore+"\n")
P("| repository | commit | last commit | findings | sampled |\n|---|---|---|---|---|")
for n,(c,dt) in sorted(repos.items(),key=lambda a:-pop[a[0]]):
    P(f"| {names.get(n,n)} | `{c}` | {dt} | {pop[n]} | {sampled[n]} |")
P(f"\n### Every judged finding ({commit})\n")
P("| # | repo | path:line | code | sev | message | verdict | reason |\n|---|---|---|---|---|---|---|---|")
order={'error':0,'warning':1,'info':2}
esc=lambda s: s.replace('|','\\|')
for i,d in enumerate(sorted(rows,key=lambda d:(order[d['severity']],d['repo'],d['location'])),1):
    pl=d['location'].rsplit(':',1)[0]
    P(f"| {i} | {d['repo']} | `{esc(pl)}` | {d['code']} | {d['severity']} | {esc(d['message'][:140])} | **{d['verdict']}** | {esc(d['reason'])} |")
open(f'{base}/section.md','w').write('\n'.join(out)+'\n')
print(len(out))
