"""The Qt shell: window, panel, dialogs. It wires; the model and page builder decide."""
