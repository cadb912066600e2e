"""A teacher's tools, run by a teacher (also on the hub), never by a student's kernel: the class report
(class_report, with report_figures, reteach and wrong_answers) from the hand-ins (handins) and the
teacher's marks (marks), the roster (roster), the teacher notebook's menus (results_view), the answer
key (answer_key), the teacher guide (teacher_guide), lesson timing (timing), a made-up class for trying
the report (sample_class), and the printable pages' one template and print stylesheet (page, templates/)."""
