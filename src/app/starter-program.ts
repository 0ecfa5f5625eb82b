/** The program a first-time visitor finds in the editor: aliasing, the lab's first lesson. */
export const STARTER_PROGRAM = `# Two names, one list: "=" copies the reference.
a = [1, 2, 3]
b = a          # b refers to the same list object
b.append(4)
print("a =", a)
print("b =", b)
print("a is b:", a is b)

# list(a) builds a new list object.
c = list(a)
c.append(5)
print("a =", a, "  c =", c)
print("a is c:", a is c)
`;
