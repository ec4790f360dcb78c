"""Re-score a judged sample with a newer shipshape: a judged finding is kept when the same repository,
path, line and code is still reported; prints the verdicts of what remains.

  python3 scripts/precision/rescore.py DIR BINARY

DIR holds `repos/<repo>` checkouts and the judges' `judge/*.tsv` (columns id, repo, location, code,
severity, confidence, message, help, verdict, reason).
"""
import csv,glob,json,collections,subprocess,sys,os
base,binary=sys.argv[1],sys.argv[2]
rows=[]
for f in sorted(glob.glob(f'{base}/judge/j*.tsv')):
    rows+=list(csv.DictReader(open(f),delimiter='\t',quoting=csv.QUOTE_NONE))
now={};pop=0;sev=collections.Counter()
for repo in sorted(os.listdir(f'{base}/repos')):
    out=subprocess.run([binary,'check','--format','json','--exit-zero','.'],cwd=f'{base}/repos/{repo}',capture_output=True).stdout
    fs=json.loads(out)['findings']; pop+=len(fs)
    for x in fs:
        sev[x['severity']]+=1
        now.setdefault((repo,x['path'],x['line'],x['code']),x['severity'])
kept=[];gone=collections.Counter()
for r in rows:
    path,line,col=r['location'].rsplit(':',2)
    k=(r['repo'],path,int(line),r['code'])
    if k in now: kept.append(dict(r,sev_now=now[k]))
    else: gone[r['verdict']]+=1
n=len(kept); c=collections.Counter(r['verdict'] for r in kept)
print('population now',pop,dict(sev))
print('kept',n,{k:f"{v} ({100*v/n:.0f}%)" for k,v in c.items()},'gone',dict(gone))
e=[r for r in kept if r['sev_now']=='error']
print('errors now',len(e),dict(collections.Counter(r['verdict'] for r in e)))
for r in kept:
    if r['verdict']=='wrong': print('  still:',r['code'],r['severity'],'->',r['sev_now'],r['repo'],r['location'],r['reason'][:100])
