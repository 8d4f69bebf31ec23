"""r2p-kg: the UN Secretary-General's 2025 report on the Responsibility to Protect as linked data."""

__version__ = "0.1.0"
