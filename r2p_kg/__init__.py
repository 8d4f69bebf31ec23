"""r2p-kg: the UN Secretary-General's 2025 report on the Responsibility to Protect as linked data.

``r2p_kg.validate(data, shapes=None, ontology=None)`` validates RDF files or an rdflib Graph against
the R2P shapes and returns a :class:`r2p_kg.validation.Report` (docs/validate.md). It is the module
``r2p_kg.validate`` made callable, so ``from r2p_kg.validate import check_quads`` works as before;
it is imported on first use, so ``import r2p_kg`` stays light.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "validate":
        import importlib
        return importlib.import_module(".validate", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
