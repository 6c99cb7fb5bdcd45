//! The closed vocabularies of the service. Each code has a stable English
//! snake_case form (used in JSON and the database) and a Chinese label (used in the UI).

/// Declares a vocabulary: `Variant = "code" / "中文"`.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal / $zh:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable English code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// Parses the English code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

crate::vocabulary!(
    /// 来源渠道 the door an appeal came in by
    Channel {
        Hotline = "hotline" / "12368热线",
        Letter = "letter" / "来信",
        Visit = "visit" / "来访",
        Web = "web" / "网络",
        Media = "media" / "媒体舆情",
        Organ = "organ" / "党政机关转送",
        Deputy = "deputy" / "人大代表",
        CppccMember = "cppcc_member" / "政协委员",
        SocialGroup = "social_group" / "社会团体",
        Enterprise = "enterprise" / "企事业单位",
        Other = "other" / "其他",
    }
);

crate::vocabulary!(
    /// 诉求类型 appeal type
    AppealType {
        Consultation = "consultation" / "咨询",
        Urging = "urging" / "催办",
        ContactJudge = "contact_judge" / "联络法官",
        Complaint = "complaint" / "投诉",
        Report = "report" / "举报",
        Suggestion = "suggestion" / "意见建议",
        Help = "help" / "求助",
        Petition = "petition" / "信访",
        Other = "other" / "其他",
    }
);

crate::vocabulary!(
    /// 业务领域 business area
    Area {
        Filing = "filing" / "立案",
        Trial = "trial" / "审判",
        Enforcement = "enforcement" / "执行",
        LitigationService = "litigation_service" / "诉讼服务",
        JudicialAuction = "judicial_auction" / "司法拍卖",
        Other = "other" / "其他",
    }
);

crate::vocabulary!(
    /// 繁简 complexity class (繁简分流)
    Complexity {
        Easy = "easy" / "易",
        Simple = "simple" / "简",
        Complex = "complex" / "繁",
    }
);

crate::vocabulary!(
    /// 紧急程度 urgency
    Urgency {
        Normal = "normal" / "普通",
        Urgent = "urgent" / "加急",
        ExtraUrgent = "extra_urgent" / "特急",
    }
);

crate::vocabulary!(
    /// 角色 what a staff member may do
    Role {
        Agent = "agent" / "话务员",
        ServiceOffice = "service_office" / "群众诉求服务处",
        Handler = "handler" / "承办人",
        DepartmentHead = "department_head" / "部门负责人",
        Inspector = "inspector" / "督察处",
        Leader = "leader" / "院领导",
        Admin = "admin" / "管理员",
    }
);

crate::vocabulary!(
    /// 回访结果 outcome of a satisfaction callback
    CallbackOutcome {
        Satisfied = "satisfied" / "满意",
        BasicallySatisfied = "basically_satisfied" / "基本满意",
        Unsatisfied = "unsatisfied" / "不满意",
        Unreachable = "unreachable" / "未接通",
    }
);

crate::vocabulary!(
    /// 法院层级 court level
    CourtLevel {
        Intermediate = "intermediate" / "中级人民法院",
        Basic = "basic" / "基层人民法院",
    }
);

crate::vocabulary!(
    /// 不予受理理由 why screening found an appeal invalid
    InvalidReason {
        OutOfRemit = "out_of_remit" / "不属于法院受理范围",
        Abusive = "abusive" / "恶意或辱骂",
        Empty = "empty" / "内容空泛无实质诉求",
        Other = "other" / "其他",
    }
);

impl CallbackOutcome {
    /// Whether the appellant was reached and gave a rating.
    pub fn is_rating(self) -> bool {
        !matches!(self, CallbackOutcome::Unreachable)
    }

    /// 满意 or 基本满意: counts as satisfied in the scores.
    pub fn is_satisfied(self) -> bool {
        matches!(
            self,
            CallbackOutcome::Satisfied | CallbackOutcome::BasicallySatisfied
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_json_and_from_code() {
        for channel in Channel::ALL {
            let json = serde_json::to_string(channel).unwrap();
            assert_eq!(json, format!("\"{}\"", channel.code()));
            assert_eq!(Channel::from_code(channel.code()), Some(*channel));
        }
        assert_eq!(
            Role::from_code("department_head"),
            Some(Role::DepartmentHead)
        );
        assert_eq!(AppealType::from_code("Consultation"), None);
    }
}
