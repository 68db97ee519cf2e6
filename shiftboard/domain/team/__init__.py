"""Who is on the team: accounts, roles, what each role may do, and what needs a lead."""
