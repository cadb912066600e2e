"""A teacher's tools, run by a teacher (also on the hub), never by a student's kernel: the class report
(class_report) from the hand-ins (handins), the answer key (answer_key), the teacher guide
(teacher_guide), lesson timing (timing) and a made-up class for trying the report (sample_class)."""
