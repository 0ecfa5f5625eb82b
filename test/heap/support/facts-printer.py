# Defined once before the corpus (and kept by its clean-up); called after each program: MicroPython reports facts about its own
# globals (ids, types, lengths, element identities, `is` relations, free
# memory, the GC block map). The heap test compares the decoded memory with
# these; nothing expected is written by hand.
def _heaplab_facts():
    import gc, json, micropython, sys
    g = globals()
    names = [k for k in g if not k.startswith('_')]
    simple = (int, str, bool, type(None))
    def item(x):
        return [id(x), repr(x)[:60] if type(x) in simple else None]
    out = {}
    for k in names:
        v = g[k]
        t = type(v)
        f = {'id': id(v), 'type': t.__name__, 'repr': repr(v)[:60] if t in simple else None}
        if t is float:
            f['float'] = v
        try:
            f['len'] = len(v)
        except Exception:
            pass
        if t in (list, tuple):
            f['items'] = [item(x) for x in v[:200]]  # the first 200: a Pico has no room for facts on 1000 items
        elif t is dict:
            f['values'] = [[repr(a)[:60], item(b)] for a, b in v.items()]
        elif t in (set, frozenset):
            f['members'] = sorted([id(x) for x in v])
        elif t.__class__ is type and hasattr(v, '__dict__') and t.__name__ not in ('function', 'module', 'type', 'closure', 'bound_method', 'generator'):
            f['attrs'] = [[a, item(b)] for a, b in v.__dict__.items()]
        out[k] = f
    same = [[a, b] for a in names for b in names if a < b and g[a] is g[b]]
    # Streamed, not json.dumps(): on a Pico the string for a list of 1000 ints
    # grows in small steps and fragments the heap into a MemoryError.
    print('HEAPLAB-FACTS ', end='')
    json.dump({'globals': out, 'same': same}, sys.stdout)
    print()
    out = g = names = same = None
    # No automatic collection from here to the memory snapshot (the test's
    # clean-up step re-enables it). The heap statistics are printed by a
    # separate top-level step: while this function runs, its own frame sits on
    # the heap on boards without a Python stack (the Pico) and is freed when it
    # returns.
    gc.disable()
