import socket
def resp(sock, *args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    sock.sendall(out)
    f = sock.makefile('rb')
    def read():
        line = f.readline()
        t, rest = line[:1], line[1:-2]
        if t == b'+' : return rest.decode()
        if t == b'-' : raise Exception(rest)
        if t == b':' : return int(rest)
        if t == b'$':
            n = int(rest)
            if n < 0: return None
            d = f.read(n+2)[:-2]; return d.decode('latin1')
        if t == b'*':
            n = int(rest)
            if n < 0: return None
            return [read() for _ in range(n)]
        if t == b'%':
            n = int(rest); return {read(): read() for _ in range(n)}
        raise Exception(line)
    return read()
s = socket.create_connection(('127.0.0.1', 6399))
cmds = resp(s, 'COMMAND')
rows = []
def add(c, parent=None):
    name, arity, flags, fk, lk, step, cats = c[0], c[1], c[2], c[3], c[4], c[5], c[6]
    rows.append((name.upper().replace('|', '|'), arity, flags, fk, lk, step, cats))
    if len(c) > 9 and c[9]:
        for sub in c[9]:
            add(sub, name)
for c in cmds: add(c)
rows.sort()
def cls(flags, cats):
    cats = [x.lstrip('@') for x in cats]
    if 'pubsub' in cats: return 'PubSub'
    if 'scripting' in cats: return 'Scripting'
    if 'transaction' in cats: return 'Transaction'
    if 'connection' in cats and 'write' not in flags: return 'Connection'
    if 'write' in flags: return 'Write'
    if 'readonly' in flags: return 'Read'
    if 'admin' in flags or 'admin' in cats or 'dangerous' in cats: return 'Admin'
    return 'Other'
with open('/tmp/commands.inc','w') as o:
    for name, arity, flags, fk, lk, step, cats in rows:
        c = cls(flags, cats)
        blocking = 'blocking' in [x.lstrip('@') for x in cats]
        admin = 'admin' in flags
        o.write('    {"%s", CommandClass::%s, %d, %d, %d, %d, %s, %s},\n' % (name, c, arity, fk, lk, step, 'true' if blocking else 'false', 'true' if admin else 'false'))
print(len(rows))
