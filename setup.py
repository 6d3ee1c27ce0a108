"""The one compiled part of the project: the near-duplicate fingerprint in C (moderation/engine/_simhash.c).

Everything else is in pyproject.toml. The extension is optional: where no C compiler is found the install goes on
and moderation/engine/simhash.py computes the same fingerprints with numpy, slower."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "moderation.engine._simhash",
            ["moderation/engine/_simhash.c"],
            optional=True,
            extra_compile_args=["-O2"],
        )
    ]
)
