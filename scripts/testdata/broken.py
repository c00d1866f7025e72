spec["nb"] = nb([
("code", """
%%
fmt.Println("about to fail")
panic("deliberate")
"""),
("code", """
%%
fmt.Println("Bearer abcdefghijklmnopqrstuvwxyz0123")
"""),
], expect=["image/png"])
