"""The repair's pure rules over plain data, no database: the five steps as a state machine
(`steps`) and time to repair (`stats`). Changes live in `repair.logic`."""
