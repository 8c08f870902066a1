#!/usr/bin/env python3
"""serve.py SVCBOOK - tests `svcbook serve` on a starter book: pages are
served with the reload script; a changed source is served within 2 seconds
and wakes a waiting reload request; paths out of the site are refused; a
broken book keeps the last good pages and reports why; SIGTERM ends it with
exit 0 and removes its temporary folder. Prints TAP-like lines and
"N passed, N failed"."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

svcbook = sys.argv[1]
work = tempfile.mkdtemp(prefix='svcbook-serve-test-')
n = passed = failed = 0


def result(ok, what, detail=''):
    global n, passed, failed
    n += 1
    if ok:
        passed += 1
        print('ok %d - %s' % (n, what))
    else:
        failed += 1
        print('not ok %d - %s' % (n, what))
        if detail:
            for line in str(detail).splitlines()[:20]:
                print('#   ' + line)


def get(url, timeout=30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.headers.get('Content-Type', ''), r.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as e:
        return e.code, '', ''


def raw_get(port, path, host='127.0.0.1'):
    """A request line sent as is (urllib would normalise the path)."""
    import socket
    with socket.create_connection(('127.0.0.1', port), timeout=10) as s:
        s.sendall(('GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' % (path, host)).encode())
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b'\r\n\r\n')
    return int(head.split()[1]), body.decode('utf-8', 'replace')


book = os.path.join(work, 'book')
proc = None
try:
    subprocess.run([svcbook, 'new', book], check=True, capture_output=True)
    with open(os.path.join(book, 'book.lua'), encoding='utf-8') as f:
        good_config = f.read()
    proc = subprocess.Popen([svcbook, 'serve', book, '--port', '0'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r'http://127\.0\.0\.1:(\d+)/ \(output in (.*)\)', line)
    result(m is not None, 'serve prints its address and output folder', line + proc.stderr.read() if not m else '')
    if not m:
        raise SystemExit
    port, outdir = int(m.group(1)), m.group(2)
    base = 'http://127.0.0.1:%d' % port
    # stderr is read in the background so the server never blocks on it
    err_lines = []
    threading.Thread(target=lambda: err_lines.extend(proc.stderr), daemon=True).start()

    status, ctype, body = get(base + '/')
    result(status == 200 and 'text/html' in ctype and 'Customer Service Standards' in body,
           'GET / serves the index page', '%s %s' % (status, ctype))
    result('/__svcbook/live.js' in body, 'served pages load the reload script')
    status, ctype, _ = get(base + '/style.css')
    result(status == 200 and ctype.startswith('text/css'), 'style.css is text/css', ctype)
    status, ctype, js = get(base + '/__svcbook/live.js')
    result(status == 200 and 'location.reload' in js, 'the reload script is served')
    status, _, v = get(base + '/__svcbook/version?since=-1')
    version = json.loads(v)['version']
    result(status == 200 and json.loads(v)['state'] == 'ok', 'the version endpoint answers at once for a stale version', v)
    result(not os.path.exists(os.path.join(outdir, 'html', '__svcbook')), 'nothing of the reload machinery is in the built files')

    # A waiting reload request, woken by the change below.
    woken = {}

    def wait_version():
        t0 = time.monotonic()
        woken['reply'] = get(base + '/__svcbook/version?since=%d' % version, timeout=30)
        woken['at'] = time.monotonic() - t0

    waiter = threading.Thread(target=wait_version)
    waiter.start()
    time.sleep(0.3)

    general = os.path.join(book, 'general.md')
    with open(general, encoding='utf-8') as f:
        text = f.read()
    t0 = time.monotonic()
    with open(general, 'w', encoding='utf-8') as f:
        f.write(text.replace('This book sets out', 'PLUGH This book sets out'))
    seen = None
    while time.monotonic() - t0 < 2.0:
        if 'PLUGH' in get(base + '/general.html')[2]:
            seen = time.monotonic() - t0
            break
        time.sleep(0.05)
    result(seen is not None, 'a changed source is served within 2 s (%.2f s)' % (seen or 2.0))
    waiter.join(5)
    reply = woken.get('reply')
    result(reply is not None and json.loads(reply[2])['version'] > version,
           'a waiting reload request is answered with the new version', reply)

    # What serve serves is what build writes: every file of a build of the
    # edited book, fetched from serve (the reload script taken out of pages).
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10 and not json.loads(get(base + '/__svcbook/version?since=-1')[2]).get('checked'):
        time.sleep(0.05)
    built = os.path.join(work, 'built')
    r = subprocess.run([svcbook, 'build', book, '-o', built, '--format', 'html', '--trust-book'],
                       capture_output=True, text=True)
    site = os.path.join(built, 'html')
    differ, files = [], 0
    for root, _, names in os.walk(site):
        for name in sorted(names):
            rel = os.path.relpath(os.path.join(root, name), site)
            if name.startswith('.'):  # build's own (.svcbook-stamp); serve refuses hidden files
                continue
            with open(os.path.join(site, rel), 'rb') as f:
                want = f.read()
            try:
                with urllib.request.urlopen(base + '/' + urllib.request.pathname2url(rel), timeout=30) as resp:
                    got = resp.read()
            except urllib.error.HTTPError as e:
                got = b'HTTP %d' % e.code
            if rel.endswith('.html'):
                got = re.sub(rb'<script src="/__svcbook/live\.js" data-version="\d+"></script>\n', b'', got)
            files += 1
            if got != want:
                differ.append(rel)
    result(r.returncode == 0 and files > 10 and 'PLUGH' in open(os.path.join(site, 'general.html'), encoding='utf-8').read()
           and not differ, 'after an edit, every file served equals the one build writes (%d files)' % files,
           r.stderr + ' '.join(differ[:10]))

    # Pages replaced while they are read are never missing: requests
    # throughout five rebuilds all get the page.
    codes = []
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            for page in ('/general.html', '/index.html', '/terms.html'):
                codes.append(get(base + page, timeout=10)[0])

    h = threading.Thread(target=hammer)
    h.start()
    for i in range(5):
        status, _, v = get(base + '/__svcbook/version?since=-1')
        before = json.loads(v)['version']
        with open(general, 'a', encoding='utf-8') as f:
            f.write('\nRebuild %d.\n' % i)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 5 and json.loads(get(base + '/__svcbook/version?since=-1')[2])['version'] == before:
            time.sleep(0.02)
    stop.set()
    h.join(10)
    bad = [c for c in codes if c != 200]
    result(len(codes) > 30 and not bad, 'no request fails during five rebuilds (%d requests, %d not 200)' % (len(codes), len(bad)),
           bad[:10])

    # The rules' findings come after the pages: a request that has seen a
    # version's findings (seen=their serial) is answered when new ones are
    # published, with no new version; then the rules have run (checked).
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10 and not json.loads(get(base + '/__svcbook/version?since=-1')[2])['checked']:
        time.sleep(0.05)
    before = json.loads(get(base + '/__svcbook/version?since=-1')[2])
    with open(general, 'a', encoding='utf-8') as f:
        f.write('\nThe rules run after the pages.\n')
    r = pages = json.loads(get(base + '/__svcbook/version?since=%d' % before['version'])[2])
    t0 = time.monotonic()
    while not r['checked'] and time.monotonic() - t0 < 15:
        r = json.loads(get(base + '/__svcbook/version?since=%d&seen=%d' % (pages['version'], r['serial']))[2])
    result(pages['version'] > before['version'] and r['checked'] and r['version'] == pages['version']
           and time.monotonic() - t0 < 15, 'the findings after the pages wake a request that has seen them (seen=)',
           (before, pages, r))

    # DNS rebinding: a request naming another host is refused.
    for host in ['evil.example', 'evil.example:%d' % port, '127.0.0.1.evil.example', 'localhost.:%d' % port]:
        code, _ = raw_get(port, '/', host)
        result(code == 403, 'Host: %s is refused (403)' % host, code)
    for host in ['localhost:%d' % port, '127.0.0.1:%d' % port, '[::1]:%d' % port, 'LOCALHOST']:
        code, _ = raw_get(port, '/', host)
        result(code == 200, 'Host: %s is served' % host, code)

    # Paths out of the site.
    secret = 'title = '
    for path in ['/../book.lua', '/%2e%2e/book.lua', '/..%2fbook.lua', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
                 '//etc/passwd', '/.hidden', '/nonexistent.html']:
        code, body = raw_get(port, path)
        result(code == 404 and secret not in body and 'root:' not in body, 'GET %s is refused (404)' % path, code)
    os.symlink('/etc/passwd', os.path.join(outdir, 'html', 'leak.txt'))
    code, body = raw_get(port, '/leak.txt')
    result(code == 404 and 'root:' not in body, 'a symlink out of the site is not followed', code)
    # svcbook did not write it: left there, it would stop the next rebuild
    os.unlink(os.path.join(outdir, 'html', 'leak.txt'))
    code, _ = raw_get(port, '/')
    result(code == 200, 'a raw request for / works (the refusals are not a broken client)', code)

    # A broken book keeps the last good pages and says why.
    status, _, v = get(base + '/__svcbook/version?since=-1')
    version = json.loads(v)['version']
    with open(os.path.join(book, 'book.lua'), 'w', encoding='utf-8') as f:
        f.write('title = \n')
    state = None
    t0 = time.monotonic()
    while time.monotonic() - t0 < 5:
        r = json.loads(get(base + '/__svcbook/version?since=%d' % version)[2])
        if r['version'] != version:
            state = r
            break
    result(state is not None and state['state'] == 'failed' and 'book.lua' in state['diagnostics'],
           'a broken book.lua is reported to the page', state)
    status, _, body = get(base + '/general.html')
    result(status == 200 and 'PLUGH' in body, 'and the last good pages are still served', status)
    with open(os.path.join(book, 'book.lua'), 'w', encoding='utf-8') as f:
        f.write(good_config)
    with open(os.path.join(book, 'general.md'), 'a', encoding='utf-8') as f:
        f.write('\nSee [[nothing-like-this]].\n')
    t0 = time.monotonic()
    state = None
    while time.monotonic() - t0 < 5:
        r = json.loads(get(base + '/__svcbook/version?since=-1')[2])
        if 'nothing-like-this' in r['diagnostics']:
            state = r
            break
        time.sleep(0.1)
    result(state is not None and state['state'] == 'errors' and 'undefined-term' in state['diagnostics'],
           'lint errors are reported to the page', state)
    time.sleep(0.3)
    result(any('undefined-term' in l for l in err_lines), 'and printed in the terminal', ''.join(err_lines[-5:]))

    # SIGTERM: exit 0, the temporary folder removed.
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    result(rc == 0, 'SIGTERM ends serve with exit 0', rc)
    result(not os.path.exists(outdir), 'its temporary output folder is removed', outdir)

    # A port in use: exit 2 with a message.
    import socket
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    s.listen(1)
    used = s.getsockname()[1]
    r = subprocess.run([svcbook, 'serve', book, '--port', str(used)], capture_output=True, text=True, timeout=30)
    s.close()
    result(r.returncode == 2 and 'cannot listen' in r.stderr, 'a port in use: exit 2 and a message', r.stderr)
    r = subprocess.run([svcbook, 'serve', os.path.join(work, 'no-book'), '--port', '0'], capture_output=True,
                       text=True, timeout=30)
    result(r.returncode == 2, 'a folder that is no book: exit 2', r.stderr)
finally:
    if proc and proc.poll() is None:
        proc.kill()
        proc.wait()
    shutil.rmtree(work, ignore_errors=True)

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
