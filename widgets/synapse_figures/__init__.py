"""The figures drawn from the model: specs, runs, drawings, claims and the browser entry point.

Stdlib only, like the model, so that it ships to the browser (Pyodide). It imports the model
(`transmitter_cycle`) and never the site (`synapse_docs`).
"""
