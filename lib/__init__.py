"""Framework-light helpers shared by Mend's apps (environment, crypto, time)."""
