"""Draw a judged-precision sample (docs/precision.md, fourth sample on): every error (a census) plus
warnings and infos by (domain, severity) strata, at most 20 per rule and 32 per repository.

  python3 scripts/precision/sample.py DIR SEED     (TARGET_REST=N: warnings/infos to draw, default 115;
  CAP_CODE, CAP_REPO: at most that many per rule (20) and per repository (32); CAP_ERR: at most that
  many errors per repository and rule (default: every error), weighted by what they stand for)

DIR holds one `<repo>.json` per repository (`shipshape check --format json --exit-zero .` run inside
it); the sample is written to DIR/sample.json.
"""
import json,glob,random,collections,sys,os
BASE=sys.argv[1]
rng=random.Random(int(sys.argv[2]))
rows=[]
for f in sorted(glob.glob(BASE+"/*.json")):
    repo=f.split('/')[-1][:-5]
    data=json.load(open(f))
    if not isinstance(data,dict) or 'findings' not in data: continue
    for x in data['findings']:
        rows.append(dict(repo=repo,path=x['path'],line=x['line'],col=x['column'],code=x['code'],sev=x['severity'],conf=x['confidence'],msg=x['message'],help=x.get('help',''),fp=x['fingerprint']))
errors=[r for r in rows if r['sev']=='error']
# Errors are a census, unless one repository's rule makes so many (a file of 100 test keys) that
# they would swamp the sample: then at most CAP_ERR of them, each weighing for the rest.
CAP_ERR=int(os.environ.get('CAP_ERR','0'))
error_strata=collections.Counter(f"{r['repo']}|{r['code']}" for r in errors)
if CAP_ERR:
    kept=[]
    for key in sorted(error_strata):
        group=[r for r in errors if f"{r['repo']}|{r['code']}"==key]
        group.sort(key=lambda r:(r['path'],r['line'],r['col'],r['fp']))
        if len(group)>CAP_ERR: group=random.Random(key).sample(group,CAP_ERR)
        kept+=group
    errors=kept
rest=[r for r in rows if r['sev']!='error']
TARGET_REST=int(os.environ.get('TARGET_REST','115'))  # raise it when the population is small
strata=collections.defaultdict(list)
dom=lambda c: ''.join(ch for ch in c if ch.isalpha())
for r in rest: strata[(dom(r['code']),r['sev'])].append(r)
n=len(rest)
alloc={k:max(1,int(TARGET_REST*len(v)/n)) for k,v in strata.items()}
rem=sorted(strata,key=lambda k:-(TARGET_REST*len(strata[k])/n-int(TARGET_REST*len(strata[k])/n)))
i=0
while sum(alloc.values())<TARGET_REST: alloc[rem[i%len(rem)]]+=1; i+=1
percode=collections.Counter(); perrepo=collections.Counter()
CAP_CODE=int(os.environ.get('CAP_CODE','20')); CAP_REPO=int(os.environ.get('CAP_REPO','32'))
sample=[]
for k in sorted(strata):
    v=sorted(strata[k],key=lambda r:(r['repo'],r['path'],r['line'],r['col'],r['code'],r['fp']))
    rng.shuffle(v)
    got=0
    for r in v:
        if got>=alloc[k]: break
        if percode[r['code']]>=CAP_CODE or perrepo[r['repo']]>=CAP_REPO: continue
        sample.append(r); percode[r['code']]+=1; perrepo[r['repo']]+=1; got+=1
for r in errors: r['stratum']='error-census'
for r in sample: r['stratum']='%s/%s'%(dom(r['code']),r['sev'])
allj=errors+sample
print('population',len(rows),collections.Counter(r['sev'] for r in rows))
print('strata',{f'{k[0]}/{k[1]}':(len(v),alloc[k]) for k,v in strata.items()})
print('sample',len(allj),'errors',len(errors),'rest',len(sample))
json.dump(dict(population=len(rows),strata={f'{k[0]}/{k[1]}':len(v) for k,v in strata.items()},error_strata=dict(error_strata),sample=allj),open(BASE+'/sample.json','w'),indent=1)
