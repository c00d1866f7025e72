spec["nb"] = nb([
# Cell flags as in the notebooks' boot cell: a panic must still show without
# DWARF and the symbol table.
("code", """
%goflags "-ldflags=-s -w"
%%
fmt.Println("about to fail")
panic("deliberate")
"""),
("code", """
%%
fmt.Println("Bearer abcdefghijklmnopqrstuvwxyz0123")
"""),
], expect=["image/png"])
