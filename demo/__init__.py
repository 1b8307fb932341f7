"""The demo: Stadt Luckenwalde with the seed paper B-7311/2021, and the smaller Nuthe-Urstromtal.

The demo tells its story through the same calls a user triggers: clerks write drafts, the
signers sign, the authors release (`resolutions.workflow`); the council office plans
meetings, builds agendas, publishes invitations, records results, amendments, attendance
and minutes (`meetings.planning`, `.agenda`, `.results`, `.minutes`, `.tracking`). Every
step carries its moment (`at=`), so each paper's timeline reads like the real story.

Modules by story: `people` (bodies, organizations, councillors, logins), `seed` (the seed
paper), `meetings` (the meeting year and its agendas), `papers` (the papers of the demo
year), `council_office` (amendments, deferrals, additions, minutes, decision tracking),
`nuthe` (the second Body), `files` (annexes); `load` puts them together.
"""
