"""The screens: one module per screen or modal. Screens show and ask; what happens is a
service's (tui.services), reached through the App (`caseroom.db`). screens/widgets holds
what several screens share."""
