//! What each register records: its fields, their types, labels and rules. One table drives
//! validation, the CLI's `--field value` parsing, the app's forms and list columns, and the
//! period filter, so a field is described once.

use crate::RegisterKind;

/// How a field's value is written and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines (reasons, descriptions).
    LongText,
    /// A calendar date, typed dd/mm/yyyy, stored ISO.
    Date,
    /// An amount of money in đồng, whole, ≥ 0, shown with "." separators.
    Amount,
    /// A whole number ≥ 0 (sessions, participants, media items).
    Count,
    /// 1 to 5 stars (OCOP rating).
    Stars,
    /// One of a fixed list: (stored code, Vietnamese label).
    Choice(&'static [(&'static str, &'static str)]),
    /// The id of a record of another register.
    Link(RegisterKind),
}

/// One field of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldType,
    pub required: bool,
}

const fn f(name: &'static str, label: &'static str, kind: FieldType, required: bool) -> FieldSpec {
    FieldSpec { name, label, kind, required }
}

use FieldType::*;

pub const INITIATIVE_STATUS: &[(&str, &str)] = &[("dang_ky", "Đăng ký"), ("cong_nhan", "Được công nhận"), ("ap_dung", "Được áp dụng")];
pub const MODEL_STATUS: &[(&str, &str)] = &[("xay_dung", "Xây dựng"), ("nhan_rong", "Nhân rộng")];
pub const ACTIVITY_KIND: &[(&str, &str)] = &[
    ("tuyen_truyen", "Tuyên truyền"),
    ("hoi_nghi", "Hội nghị, hội thảo, tọa đàm"),
    ("giam_sat", "Giám sát"),
    ("phan_bien", "Phản biện xã hội"),
];
/// Levels at which an initiative is recognised or a commendation decided.
pub const RECOGNITION_LEVEL: &[(&str, &str)] =
    &[("xa", "Cấp xã"), ("huyen", "Cấp huyện"), ("tinh", "Cấp tỉnh"), ("trung_uong", "Cấp Trung ương")];
pub const RECIPIENT_KIND: &[(&str, &str)] = &[("tap_the", "Tập thể"), ("ca_nhan", "Cá nhân")];
/// A record the clerk holds up as typical (gương điển hình): reports name these first.
pub const TYPICAL_MARK: &str = "co";
pub const TYPICAL: &[(&str, &str)] = &[(TYPICAL_MARK, "Có")];

const INITIATIVE: &[FieldSpec] = &[
    f("title", "Tên sáng kiến, ý tưởng", Text, true),
    f("authors", "Tác giả (cá nhân hoặc tập thể)", Text, true),
    f("field", "Lĩnh vực", Text, false),
    f("registered_on", "Ngày đăng ký", Date, true),
    f("status", "Tình trạng", Choice(INITIATIVE_STATUS), true),
    f("recognition_level", "Cấp công nhận", Choice(RECOGNITION_LEVEL), false),
    f("recognition_body", "Cơ quan công nhận", Text, false),
    f("novelty", "Tính mới", LongText, false),
    f("suitability", "Tính phù hợp", LongText, false),
    f("effectiveness", "Tính thiết thực, hiệu quả", LongText, false),
    f("economy", "Tính kinh tế", LongText, false),
    f("estimated_benefit", "Lợi ích ước tính (đồng)", Amount, false),
    f("applied_at", "Nơi áp dụng", Text, false),
    f("typical", "Tiêu biểu", Choice(TYPICAL), false),
    f("recognised_on", "Ngày được công nhận", Date, false),
    f("applied_on", "Ngày được áp dụng", Date, false),
];

const MODEL: &[FieldSpec] = &[
    f("name", "Tên mô hình", Text, true),
    f("in_charge", "Đơn vị phụ trách", Text, false),
    f("member_org", "Tổ chức thành viên", Text, false),
    f("started_on", "Ngày bắt đầu", Date, true),
    f("status", "Tình trạng", Choice(MODEL_STATUS), true),
    f("replicated_at", "Nơi nhân rộng", Text, false),
    f("typical", "Tiêu biểu", Choice(TYPICAL), false),
    f("replicated_on", "Ngày nhân rộng", Date, false),
    f("ended_on", "Ngày kết thúc", Date, false),
];

const ACTIVITY: &[FieldSpec] = &[
    f("kind", "Loại hoạt động", Choice(ACTIVITY_KIND), true),
    f("held_on", "Ngày tổ chức", Date, true),
    f("title", "Nội dung", Text, true),
    f("organiser", "Đơn vị tổ chức", Text, false),
    f("member_org", "Tổ chức thành viên", Text, false),
    f("sessions", "Số buổi, cuộc", Count, true),
    f("participants", "Số lượt người tham gia", Count, true),
    f("media_items", "Số tin, bài", Count, false),
    f("typical", "Tiêu biểu", Choice(TYPICAL), false),
];

const OCOP_LINK: &[FieldSpec] = &[
    f("product", "Sản phẩm", Text, true),
    f("producer", "Chủ thể sản xuất", Text, true),
    f("stars", "Hạng sao OCOP", Stars, false),
    f("support", "Hỗ trợ, kết nối", LongText, false),
    f("linked_on", "Ngày kết nối", Date, true),
];

const RESOURCE: &[FieldSpec] = &[
    f("donor", "Tổ chức, cá nhân hỗ trợ", Text, true),
    f("amount", "Số tiền (đồng)", Amount, true),
    f("in_kind", "Hiện vật", Text, false),
    f("purpose", "Mục đích", Text, false),
    f("received_on", "Ngày tiếp nhận", Date, true),
];

const COMMENDATION: &[FieldSpec] = &[
    f("recipient", "Tập thể, cá nhân được khen", Text, true),
    f("recipient_kind", "Đối tượng", Choice(RECIPIENT_KIND), true),
    f("form", "Hình thức (biểu dương, giấy khen, bằng khen…)", Text, true),
    f("level", "Cấp khen", Choice(RECOGNITION_LEVEL), false),
    f("issuing_body", "Cơ quan quyết định", Text, false),
    f("decision_number", "Số quyết định", Text, false),
    f("decided_on", "Ngày quyết định", Date, true),
    f("reason", "Thành tích", LongText, false),
    f("initiative_id", "Sáng kiến được khen", Link(RegisterKind::Initiative), false),
    f("model_id", "Mô hình được khen", Link(RegisterKind::Model), false),
];

impl RegisterKind {
    /// The fields of this register, in the order a form shows them.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            Self::Initiative => INITIATIVE,
            Self::Model => MODEL,
            Self::Activity => ACTIVITY,
            Self::OcopLink => OCOP_LINK,
            Self::Resource => RESOURCE,
            Self::Commendation => COMMENDATION,
        }
    }

    pub fn field(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// Days that must not come before another of the same record: (earlier, later).
    pub fn date_order(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Initiative => &[("registered_on", "recognised_on"), ("recognised_on", "applied_on"), ("registered_on", "applied_on")],
            Self::Model => &[("started_on", "replicated_on"), ("started_on", "ended_on")],
            _ => &[],
        }
    }

    /// The date that places a record in a period.
    pub fn date_field(self) -> &'static str {
        match self {
            Self::Initiative => "registered_on",
            Self::Model => "started_on",
            Self::Activity => "held_on",
            Self::OcopLink => "linked_on",
            Self::Resource => "received_on",
            Self::Commendation => "decided_on",
        }
    }

    /// The field that names a record in lists and links.
    pub fn title_field(self) -> &'static str {
        match self {
            Self::Initiative | Self::Activity => "title",
            Self::Model => "name",
            Self::OcopLink => "product",
            Self::Resource => "donor",
            Self::Commendation => "recipient",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_register_has_its_date_and_title_among_its_fields() {
        for kind in RegisterKind::ALL {
            assert!(kind.field(kind.date_field()).is_some_and(|f| f.kind == Date && f.required), "{kind:?}");
            assert!(kind.field(kind.title_field()).is_some_and(|f| f.required), "{kind:?}");
        }
    }
}
