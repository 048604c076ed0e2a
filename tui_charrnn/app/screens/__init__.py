"""Modal screens: help, the resume offer, the run browser and the file picker."""
