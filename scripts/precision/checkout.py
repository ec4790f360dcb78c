"""Fetch side of a judged precision sample (docs/precision.md): the list of what was sampled before,
clone-like checkouts of stored repository copies, and the run over them.

  python3 scripts/precision/checkout.py init DIR
      DIR/exclude.txt and DIR/owners.txt: every repository docs/precision.md names and the corpus's
      (../shared/corpus/SOURCES.tsv), and their owners.
  python3 scripts/precision/checkout.py add DIR OWNER/NAME GITDIR LIST
      GITDIR's HEAD (a bare copy, as the `fetch` tool leaves it) written to DIR/repos/OWNER__NAME:
      blobs missing from the copy are skipped and `export-ignore` is not applied (it drops whole
      `.github` folders), then `git init` and `origin`, as a clone has (without a `.git` shipshape
      sees no `origin` and no repository root). Refused when the repository or its owner was
      sampled before or is already in this sample. Appends `dir sha date owner/name` to LIST.
  python3 scripts/precision/checkout.py run DIR BINARY
      `BINARY check --format json --exit-zero .` in each checkout, to DIR/<dir>.json.
"""
import os,re,subprocess,sys,glob,json
ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def init(d):
    os.makedirs(f'{d}/repos',exist_ok=True)
    names=set(re.sub('__','/',m) for m in re.findall(r'\b[A-Za-z0-9][A-Za-z0-9_.-]*__[A-Za-z0-9_.-]+',open(f'{ROOT}/docs/precision.md').read()))
    src=f'{ROOT}/../shared/corpus/SOURCES.tsv'
    if os.path.exists(src):
        names|={l.split('\t')[0] for l in open(src).read().splitlines()[1:] if l}
    open(f'{d}/exclude.txt','w').write('\n'.join(sorted(names))+'\n')
    open(f'{d}/owners.txt','w').write('\n'.join(sorted({n.split('/')[0].lower() for n in names}))+'\n')
    print(len(names),'repositories excluded')

def extract(git,dest):
    ls=subprocess.run(['git','--git-dir',git,'ls-tree','-r','-z','HEAD'],capture_output=True,check=True).stdout.split(b'\0')
    ents=[]
    for e in ls:
        if not e: continue
        meta,path=e.split(b'\t',1); mode,typ,sha=meta.split()
        if typ==b'blob': ents.append((mode,sha,path.decode('utf-8','replace')))
    p=subprocess.Popen(['git','--git-dir',git,'cat-file','--batch'],stdin=subprocess.PIPE,stdout=subprocess.PIPE)
    missing=0
    for mode,sha,path in ents:
        p.stdin.write(sha+b'\n'); p.stdin.flush()
        head=p.stdout.readline().split()
        if len(head)<3 or head[1]==b'missing': missing+=1; continue
        data=p.stdout.read(int(head[2])); p.stdout.read(1)
        out=os.path.join(dest,path); os.makedirs(os.path.dirname(out),exist_ok=True)
        if mode==b'120000':
            try: os.symlink(data.decode(),out)
            except OSError: pass
        else:
            with open(out,'wb') as f: f.write(data)
    p.stdin.close(); p.wait()
    return len(ents)-missing,missing

def add(d,full,git,lst):
    if not os.path.exists(f'{git}/HEAD') and os.path.exists(f'{git}/repo/HEAD'): git=f'{git}/repo'
    owner=full.split('/')[0].lower()
    if full.lower() in {l.strip().lower() for l in open(f'{d}/exclude.txt')} or owner in open(f'{d}/owners.txt').read().split():
        sys.exit(f'EXCLUDED (sampled before): {full}')
    for f in glob.glob(f'{d}/repos_*.txt'):
        if owner in [l.split()[3].split('/')[0].lower() for l in open(f) if len(l.split())>=4]:
            sys.exit(f'EXCLUDED (owner already in this sample): {full}')
    dest=f"{d}/repos/{full.replace('/','__')}"
    subprocess.run(['rm','-rf',dest]); os.makedirs(dest)
    written,missing=extract(git,dest)
    subprocess.run(['git','init','-q'],cwd=dest,check=True)
    subprocess.run(['git','remote','add','origin',f'https://github.com/{full}.git'],cwd=dest,check=True)
    sha=subprocess.run(['git','--git-dir',git,'rev-parse','HEAD'],capture_output=True,text=True).stdout.strip()
    date=subprocess.run(['git','--git-dir',git,'log','-1','--format=%cs','HEAD'],capture_output=True,text=True).stdout.strip()
    with open(lst,'a') as f: f.write(f"{full.replace('/','__')} {sha} {date} {full}\n")
    kinds={'dockerfile':0,'compose':0,'actions':0,'gitlab':0,'terraform':0,'k8s':0}
    for r,_,files in os.walk(dest):
        parts=r.split(os.sep)
        if '.git' in parts or 'node_modules' in parts: continue
        for n in files:
            p=os.path.join(r,n); l=n.lower()
            if 'dockerfile' in l: kinds['dockerfile']+=1
            if re.match(r'(docker-)?compose.*\.ya?ml$',l): kinds['compose']+=1
            if '/.github/' in p and l.endswith(('.yml','.yaml')): kinds['actions']+=1
            if l=='.gitlab-ci.yml': kinds['gitlab']+=1
            if l.endswith('.tf'): kinds['terraform']+=1
            if l.endswith(('.yml','.yaml')):
                try: head=open(p,errors='replace').read(20000)
                except OSError: continue
                if re.search(r'^kind: (Deployment|StatefulSet|Service|Ingress|CronJob|DaemonSet)\b',head,re.M): kinds['k8s']+=1
    print(f'ADDED {full} {sha} {date} ({written} files, {missing} missing) kinds:',' '.join(f'{k}={v}' for k,v in kinds.items()))

def run(d,binary):
    for r in sorted(glob.glob(f'{d}/repos/*/')):
        n=os.path.basename(r.rstrip('/'))
        out=subprocess.run([binary,'check','--format','json','--exit-zero','.'],cwd=r,capture_output=True,timeout=300).stdout
        open(f'{d}/{n}.json','wb').write(out)
        print(n,len(json.loads(out)['findings']))

if __name__=='__main__':
    cmd,*a=sys.argv[1:] or ['help']
    if cmd=='init' and len(a)==1: init(*a)
    elif cmd=='add' and len(a)==4: add(*a)
    elif cmd=='run' and len(a)==2: run(a[0],os.path.abspath(a[1]))
    else: sys.exit(__doc__)
