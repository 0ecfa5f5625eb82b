// Programs whose heaps the decoder must explain. Each leaves some globals; the
// facts printer then reports what MicroPython itself knows about them.
export const CORPUS: { name: string; code: string }[] = [
  { name: 'aliasing lists', code: 'a = [1, 2, 3]\nb = a\nc = [1, 2, 3]' },
  { name: 'list copies', code: 'a = [10, 20, 30]\nb = a[:]\nc = list(a)\nd = a.copy()' },
  { name: 'nested lists', code: 'inner = [1, 2]\nouter = [inner, inner, [inner]]\ngrid = [[0] * 3 for _ in range(3)]' },
  { name: 'dict holding lists', code: "xs = [1, 2]\nd = {'a': xs, 'b': [3, 4], 'c': xs}" },
  { name: 'tuples of lists', code: 't = ([1], [2, 3], [])\nu = (t[0], t[0])' },
  { name: 'sets', code: "s = {1, 2, 3}\nf = frozenset([4, 5])\ne = set()\nw = {'x' + str(i) for i in range(5)}" },
  { name: 'short strings', code: "a = 'hi'\nb = 'hello world'\nc = 'x' * 3\nd = ''" },
  { name: 'long strings', code: "s = 'abc' * 200\nt = s\nu = ''.join(['long ', 'built ', 'string'] * 10)" },
  {
    name: 'bytes and bytearray',
    code: "b = b'\\x00\\x01binary' * 3\nba = bytearray(b'mutable')\nba.append(33)\nbig = bytearray(100)",
  },
  { name: 'floats', code: 'x = 1.5\ny = x\nz = 2.0 / 3.0\nlst = [0.25, -3.75, 1e20]' },
  { name: 'big ints', code: 'n = 2 ** 100\nm = -(10 ** 40) + 7\nk = n\nsmall = 12345' },
  { name: 'small ints are not objects', code: 'a = 5\nb = 5\nc = -1\nlst = [a, b, c, 2 ** 29]' },
  {
    name: 'instances with attributes',
    code:
      'class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n' +
      'p = Point(1, 2)\nq = Point([1], p)',
  },
  {
    name: 'instances referencing each other',
    code:
      'class Node:\n    def __init__(self, v):\n        self.v = v\n        self.next = None\n' +
      'a = Node(1)\nb = Node(2)\na.next = b\nb.next = a',
  },
  { name: 'list cycle', code: 'a = [1]\na.append(a)\nb = [a]\na.append(b)' },
  { name: 'dict cycle', code: "d = {}\nd['self'] = d\ne = {'d': d}\nd['e'] = e" },
  {
    name: 'closures',
    code:
      'def make(n):\n    items = [n]\n    def get():\n        return items\n' +
      '    return get\nf1 = make(1)\nf2 = make(2)',
  },
  {
    name: 'counter closure with nonlocal',
    code:
      'def counter():\n    c = 0\n    def inc():\n        nonlocal c\n        c += 1\n' +
      '        return c\n    return inc\ninc = counter()\ninc()\ninc()',
  },
  {
    name: 'bound methods',
    code: 'class A:\n    def m(self):\n        return 1\na = A()\nm1 = a.m\nm2 = a.m',
  },
  { name: 'functions', code: 'def f(x):\n    return x\ndef g(a, b=[1]):\n    return a\nh = f\nl = lambda y: y + 1' },
  {
    name: 'classes and inheritance',
    code: 'class Base:\n    kind = [1]\nclass Child(Base):\n    pass\nc = Child()\nc.extra = Base.kind',
  },
  { name: 'deleted names', code: 'a = [1, 2, 3]\nb = [4, 5]\ndel a\nkeep = b' },
  { name: 'garbage awaiting collection', code: 'tmp = [[i] * 4 for i in range(20)]\ntmp = None\nkept = [0]' },
  { name: 'rebinding', code: 'x = [1]\ny = x\nx = [2]\nz = x' },
  {
    name: 'mixed containers',
    code: "data = {'nums': [1, 2.5, 10 ** 20], 'pair': ('a', b'b'), 'set': {3}}\nalias = data['nums']",
  },
  { name: 'list growth', code: 'lst = []\nfor i in range(50):\n    lst.append(i * 1.0)' },
  // Kept under 16 KB: the WebAssembly build collects at the end of any call that
  // allocated more than that (see src/heap/README.md).
  { name: 'many small objects', code: 'objs = [[i, str(i) * 2] for i in range(60)]' },
  { name: 'module reference', code: 'import gc\nimport sys\nmods = [gc, sys]' },
  { name: 'string keys computed', code: "d = {}\nfor i in range(6):\n    d['key' + str(i)] = [i]\nfirst = d['key0']" },
  { name: 'empty program', code: 'pass' },
  {
    name: 'str slices and concatenations',
    code:
      "s = 'hello world, learners'\nhead = s[:5]\nmid = s[2:9]\nboth = s + '!!'\n" +
      "short = s[0]\nfrom_parts = head + '-' + mid",
  },
  {
    name: 'bytes from encode',
    code: "b = 'h\u00e9llo w\u00f6rld'.encode()\nu = b.decode()\nraw = bytes(range(10))\nascii = 'plain text'.encode()",
  },
  { name: 'dict with more than 8 keys', code: "d = {}\nfor i in range(12):\n    d['k' + str(i)] = i * i\ne = dict(d)" },
  {
    name: 'dict with non-string keys',
    code:
      "d = {1: 'one', (1, 2): [3], 2.5: 'f', 2 ** 70: 'big', " +
      "None: 0, b'raw': 'b', ('x', (3,)): 'nested'}\nk = list(d)",
  },
  {
    name: 'set growth',
    code: 's = set()\nfor i in range(40):\n    s.add(i * 1000003)\nt = {str(i) * 3 for i in range(12)}',
  },
  { name: 'list of 1000 ints', code: 'big = list(range(1000))\nalias = big\nhead = big[:3]' },
  { name: 'nested tuples', code: "t = ((1, 2), ((3,), 'x'), (), ([4],))\ninner = t[1]\nempty = ()" },
  {
    name: 'float edge values',
    code:
      'z = -0.0\nhuge = 1e16\ntiny = 1e-05\nthird = 1 / 3\n' +
      "edges = [float('nan'), float('inf'), float('-inf'), -0.0, 3.4e38, 1e-30]",
  },
  { name: 'negative big ints', code: 'n = -(2 ** 70)\nm = -(10 ** 30) - 1\nlst = [n, -n, -2 ** 31]' },
  {
    name: 'inheritance without __slots__',
    code:
      'class A:\n    def __init__(self):\n        self.a = [1]\n' +
      'class B(A):\n    def __init__(self):\n        super().__init__()\n        self.b = (2, self.a)\n' +
      'class C(B):\n    pass\nx = C()\ny = B()\nz = x.a',
  },
  {
    name: 'exceptions stored in variables',
    code:
      "try:\n    raise ValueError('bad value', [1, 2])\nexcept ValueError as e:\n    err = e\n" +
      "class MyError(Exception):\n    pass\nmine = MyError('mine')\nargs = err.args",
  },
  {
    name: 'generators',
    code:
      'def gen(n):\n    for i in range(n):\n        yield [i]\n' +
      'g = gen(3)\nfirst = next(g)\nexpr = (x * 2 for x in [1, 2, 3])',
  },
  {
    name: 'range, enumerate and map objects',
    code: 'r = range(2, 20, 3)\nsrc = [7, 8, 9]\nen = enumerate(src)\nm = map(str, src)\nz = zip(src, src)',
  },
  {
    name: 'dict, set and attributes after deletions',
    code:
      "d = {'k' + str(i): [i] for i in range(10)}\ndel d['k3']\nd.pop('k7')\n" +
      's = set(range(0, 200, 7))\ns.discard(14)\ns.remove(21)\n' +
      'class P:\n    pass\np = P()\np.a = [1]\np.b = 2\ndel p.a',
  },
  {
    name: 'bytearray growth and memoryview',
    code: 'ba = bytearray()\nfor i in range(100):\n    ba.append(i)\nmv = memoryview(ba)\npart = mv[10:20]',
  },
];
