"""Factories for the LTI and export tests: documents, lessons, quizzes and one question of each type."""

import factory

from learning import models
from tests.factories import DocumentFactory, LessonFactory, QuizFactory  # noqa: F401  (re-exported)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Question

    document = factory.SubFactory(DocumentFactory)
    key = factory.Sequence(lambda n: f"q-{n}")
    type = models.Question.Type.WHICH_MODEL
    prompt = "Theo tài liệu, phát biểu sau mô tả mô hình nào?\n«Dữ liệu được lưu trữ tập trung trên máy chủ.»"
    choices = factory.LazyFunction(lambda: [{"id": "a", "text": "Client-Server"}, {"id": "b", "text": "Peer-to-peer"}])
    answer = "a"
    explanation = "Phát biểu này nói về Client-Server."
    source = "Dữ liệu được lưu trữ tập trung trên máy chủ."
    position = factory.Sequence(lambda n: n)


def question_bank(document) -> list[models.Question]:
    """One question of every type the generator makes, with characters GIFT must escape."""
    two_models = [{"id": "a", "text": "Client-Server"}, {"id": "b", "text": "Peer-to-peer"}]
    return [
        QuestionFactory(document=document, key="which-1", type="which_model", choices=two_models, answer="b"),
        QuestionFactory(
            document=document,
            key="tf-1",
            type="true_false",
            prompt=(
                "Đúng hay sai: theo tài liệu, phát biểu sau đúng với Peer-to-peer.\n"
                "«Mỗi máy {peer} vừa là client: vừa là server = ngang hàng.»"
            ),
            choices=[{"id": "true", "text": "Đúng"}, {"id": "false", "text": "Sai"}],
            answer="false",
            explanation="Sai: tài liệu nói điều này về Client-Server, không phải Peer-to-peer.",
        ),
        QuestionFactory(
            document=document,
            key="mc-1",
            type="multiple_choice",
            prompt="Theo tài liệu, phát biểu nào đúng với Client-Server?",
            choices=[
                {"id": "c1", "text": "Có máy chủ trung tâm"},
                {"id": "c2", "text": "Các máy ngang hàng ~ bình đẳng"},
                {"id": "c3", "text": "Chi phí #thấp"},
            ],
            answer="c1",
        ),
        QuestionFactory(
            document=document,
            key="ms-1",
            type="multi_select",
            prompt="Chọn tất cả các phát biểu đúng với Peer-to-peer theo tài liệu.",
            choices=[
                {"id": "c1", "text": "Không cần máy chủ"},
                {"id": "c2", "text": "Dễ mở rộng"},
                {"id": "c3", "text": "Quản lý tập trung"},
                {"id": "c4", "text": "Bảo mật cao: do server kiểm soát"},
            ],
            answer=["c1", "c2"],
        ),
        QuestionFactory(
            document=document,
            key="match-1",
            type="matching",
            prompt="Ghép mỗi phát biểu với mô hình mà nó mô tả.",
            choices=two_models,
            items=[
                {"id": "s1", "text": "Dữ liệu lưu tập trung"},
                {"id": "s2", "text": "Mỗi máy vừa là client vừa là server"},
                {"id": "s3", "text": "Chi phí cao hơn"},
            ],
            answer={"s1": "a", "s2": "b", "s3": "a"},
            explanation="Mỗi phát biểu lấy từ danh sách khác biệt.",
        ),
        QuestionFactory(
            document=document,
            key="comp-1",
            type="comparative",
            prompt="Theo tài liệu, mô hình nào đắt hơn?",
            choices=two_models,
            answer="a",
        ),
        QuestionFactory(
            document=document,
            key="cloze-1",
            type="cloze",
            prompt="Điền thuật ngữ còn thiếu vào chỗ trống:\nMáy ___ cung cấp dịch vụ cho các máy khách.",
            choices=[],
            answer="server",
            explanation="Thuật ngữ là “server”.",
        ),
    ]
