"""The ledger's pure rules over plain data, no database: how an occurrence's outcome may
change (`outcomes`), when a promise falls due (`schedule`), and the trust score over time
(`trajectory`). Changes live in `ledger.logic`; shared read queries in `ledger.queries`."""
