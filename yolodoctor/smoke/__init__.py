"""The smoke test: real work in the target interpreter, stage by stage.

target/ holds the stage scripts (run under the target interpreter, never
importing yolodoctor); runner.py runs them, each in its own process with its
own time limit; verdict.py and signatures.toml turn a failed stage into the
finding it points to; health*.py compare a GPU with its datasheet.
"""
