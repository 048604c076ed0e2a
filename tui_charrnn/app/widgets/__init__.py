"""Small widgets of the main screen that are not panes."""
