"""The compiled parts of the project, two small C modules of the text-checking engine: the near-duplicate fingerprint
(moderation/engine/_simhash.c) and the normaliser's folding and noise deletion (moderation/engine/_textscan.c).

Everything else is in pyproject.toml. Both extensions are optional: where no C compiler is found the install goes on
and moderation/engine/simhash.py, fold.py and normalise.py compute the same results with numpy and regexes, slower."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "moderation.engine._simhash",
            ["moderation/engine/_simhash.c"],
            optional=True,
            extra_compile_args=["-O2"],
        ),
        Extension(
            "moderation.engine._textscan",
            ["moderation/engine/_textscan.c"],
            optional=True,
            extra_compile_args=["-O2"],
        ),
    ]
)
