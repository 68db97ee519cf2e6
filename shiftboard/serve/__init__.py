"""`shiftboard serve`: the app for browsers, on textual-serve, behind a sign-in per agent."""
